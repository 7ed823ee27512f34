package io.anomalypipe.gold.evaluation;

/** Input checks shared by the ranking metrics: one label per score, no NaN. */
final class LabelledScores {
  private LabelledScores() {}

  static void requireComparable(double[] scores, boolean[] positive) {
    if (scores.length != positive.length) {
      throw new IllegalArgumentException(
          scores.length + " scores but " + positive.length + " labels");
    }
    for (int i = 0; i < scores.length; i++) {
      if (Double.isNaN(scores[i])) {
        throw new IllegalArgumentException("score " + i + " is NaN");
      }
    }
  }

  static long countPositives(boolean[] positive) {
    long count = 0;
    for (boolean p : positive) {
      if (p) {
        count++;
      }
    }
    return count;
  }
}
