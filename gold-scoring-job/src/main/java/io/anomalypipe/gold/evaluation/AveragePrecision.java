package io.anomalypipe.gold.evaluation;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Area under the precision–recall curve as average precision: the mean, over the positives, of the
 * precision at the score of each positive, ranking from the highest score down. Rows with tied
 * scores enter together (one threshold), so the result does not depend on their order. This is
 * scikit-learn's {@code average_precision_score}, the usual "PR AUC" of anomaly detection papers,
 * and unlike a trapezoid under the PR curve it does not interpolate optimistically.
 */
public final class AveragePrecision {
  private AveragePrecision() {}

  /**
   * @param scores higher means more likely positive; finite
   * @param positive the true labels
   */
  public static double of(double[] scores, boolean[] positive) {
    LabelledScores.requireComparable(scores, positive);
    long positives = LabelledScores.countPositives(positive);
    if (positives == 0) {
      throw new IllegalArgumentException("average precision needs at least one positive");
    }
    Integer[] order = new Integer[scores.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());

    double sum = 0.0;
    long truePositives = 0;
    int start = 0;
    while (start < order.length) {
      int end = start;
      while (end + 1 < order.length && scores[order[end + 1]] == scores[order[start]]) {
        end++;
      }
      long positivesAtThreshold = 0;
      for (int k = start; k <= end; k++) {
        if (positive[order[k]]) {
          positivesAtThreshold++;
        }
      }
      truePositives += positivesAtThreshold;
      double precision = (double) truePositives / (end + 1);
      // recall rises by positivesAtThreshold / positives at this threshold
      sum += precision * positivesAtThreshold;
      start = end + 1;
    }
    return sum / positives;
  }
}
