package io.anomalypipe.gold.model;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Area under the ROC curve, computed exactly from ranks (Mann–Whitney U): the probability that a
 * random positive scores higher than a random negative, ties counting one half. Tied scores get
 * their average rank. O(n log n).
 */
public final class RocAuc {
  private RocAuc() {}

  /**
   * @param scores higher means more likely positive; must be finite (NaN has no rank)
   * @param positive the true labels, e.g. {@code true} for a known anomaly
   */
  public static double of(double[] scores, boolean[] positive) {
    if (scores.length != positive.length) {
      throw new IllegalArgumentException(
          scores.length + " scores but " + positive.length + " labels");
    }
    int n = scores.length;
    long positives = 0;
    for (int i = 0; i < n; i++) {
      if (Double.isNaN(scores[i])) {
        throw new IllegalArgumentException("score " + i + " is NaN");
      }
      if (positive[i]) {
        positives++;
      }
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      throw new IllegalArgumentException(
          "ROC AUC needs both classes, got "
              + positives
              + " positives and "
              + negatives
              + " negatives");
    }
    Integer[] order = new Integer[n];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));

    // Sum of the (1-based, tie-averaged) ranks of the positives.
    double positiveRankSum = 0.0;
    int start = 0;
    while (start < n) {
      int end = start;
      while (end + 1 < n && scores[order[end + 1]] == scores[order[start]]) {
        end++;
      }
      double averageRank = (start + end) / 2.0 + 1.0;
      for (int k = start; k <= end; k++) {
        if (positive[order[k]]) {
          positiveRankSum += averageRank;
        }
      }
      start = end + 1;
    }
    double u = positiveRankSum - positives * (positives + 1) / 2.0;
    return u / ((double) positives * negatives);
  }
}
