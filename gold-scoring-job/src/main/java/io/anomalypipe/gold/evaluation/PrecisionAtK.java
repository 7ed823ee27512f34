package io.anomalypipe.gold.evaluation;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Share of true positives among the k highest scores: what an analyst who reviews the top k alerts
 * finds. Ties at the k-th score are broken by the lower row index, so the result is deterministic.
 */
public final class PrecisionAtK {
  private PrecisionAtK() {}

  public static double of(double[] scores, boolean[] positive, int k) {
    LabelledScores.requireComparable(scores, positive);
    if (k < 1 || k > scores.length) {
      throw new IllegalArgumentException(
          "k must be between 1 and the number of rows (" + scores.length + "), got " + k);
    }
    Integer[] order = new Integer[scores.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(
        order,
        Comparator.comparingDouble((Integer i) -> scores[i])
            .reversed()
            .thenComparingInt(Integer::intValue));
    int hits = 0;
    for (int r = 0; r < k; r++) {
      if (positive[order[r]]) {
        hits++;
      }
    }
    return (double) hits / k;
  }
}
