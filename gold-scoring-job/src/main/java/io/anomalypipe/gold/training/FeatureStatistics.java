package io.anomalypipe.gold.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mean, standard deviation, min and max of each feature over the training rows: logged with the run
 * so that a later drift in Silver can be told from a change of model.
 */
public record FeatureStatistics(
    List<String> names, double[] mean, double[] std, double[] min, double[] max) {

  public static FeatureStatistics of(FeatureMatrix matrix) {
    int p = matrix.featureNames().size();
    double[] mean = new double[p];
    double[] m2 = new double[p];
    double[] min = new double[p];
    double[] max = new double[p];
    java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
    java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
    long n = 0;
    for (double[] row : matrix.rows()) {
      n++;
      for (int j = 0; j < p; j++) {
        // Welford: stable for millions of rows
        double delta = row[j] - mean[j];
        mean[j] += delta / n;
        m2[j] += delta * (row[j] - mean[j]);
        min[j] = Math.min(min[j], row[j]);
        max[j] = Math.max(max[j], row[j]);
      }
    }
    double[] std = new double[p];
    for (int j = 0; j < p; j++) {
      std[j] = n > 1 ? Math.sqrt(m2[j] / (n - 1)) : 0.0;
    }
    return new FeatureStatistics(matrix.featureNames(), mean, std, min, max);
  }

  /** {@code <feature>_mean}, {@code _std}, {@code _min}, {@code _max} for each feature. */
  public Map<String, Double> asMetrics() {
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (int j = 0; j < names.size(); j++) {
      metrics.put(names.get(j) + "_mean", mean[j]);
      metrics.put(names.get(j) + "_std", std[j]);
      metrics.put(names.get(j) + "_min", min[j]);
      metrics.put(names.get(j) + "_max", max[j]);
    }
    return metrics;
  }
}
