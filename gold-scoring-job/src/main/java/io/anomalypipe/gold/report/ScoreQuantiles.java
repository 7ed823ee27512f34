package io.anomalypipe.gold.report;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Summary of a score distribution for MLflow metrics: min, mean, max and the quantiles that matter
 * for a threshold near the top (p50, p90, p99, p99.9).
 */
public record ScoreQuantiles(
    double min, double p50, double p90, double p99, double p999, double max, double mean) {

  /** Exact quantiles (nearest rank) of scores held on the driver. */
  public static ScoreQuantiles of(double[] scores) {
    if (scores.length == 0) {
      throw new IllegalArgumentException("no scores to summarise");
    }
    double[] sorted = scores.clone();
    Arrays.sort(sorted);
    double sum = 0.0;
    for (double score : sorted) {
      sum += score;
    }
    return new ScoreQuantiles(
        sorted[0],
        nearestRank(sorted, 0.50),
        nearestRank(sorted, 0.90),
        nearestRank(sorted, 0.99),
        nearestRank(sorted, 0.999),
        sorted[sorted.length - 1],
        sum / sorted.length);
  }

  private static double nearestRank(double[] sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** As MLflow metric names under {@code prefix}, e.g. {@code score_p99}. */
  public Map<String, Double> asMetrics(String prefix) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put(prefix + "_min", min);
    metrics.put(prefix + "_p50", p50);
    metrics.put(prefix + "_p90", p90);
    metrics.put(prefix + "_p99", p99);
    metrics.put(prefix + "_p999", p999);
    metrics.put(prefix + "_max", max);
    metrics.put(prefix + "_mean", mean);
    return metrics;
  }
}
