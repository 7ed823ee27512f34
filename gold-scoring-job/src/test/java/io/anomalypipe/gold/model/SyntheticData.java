package io.anomalypipe.gold.model;

import java.util.SplittableRandom;

/** Test data: unit-variance Gaussian clusters plus uniformly scattered outliers, labelled. */
record SyntheticData(double[][] rows, boolean[] isOutlier) {

  static SyntheticData clustersWithOutliers(
      int n, int dims, int clusters, double outlierShare, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] centres = new double[clusters][dims];
    for (double[] centre : centres) {
      for (int d = 0; d < dims; d++) {
        centre[d] = random.nextDouble(-10, 10);
      }
    }
    double[][] rows = new double[n][dims];
    boolean[] isOutlier = new boolean[n];
    int outliers = (int) Math.round(n * outlierShare);
    for (int i = 0; i < n; i++) {
      if (i < outliers) {
        isOutlier[i] = true;
        for (int d = 0; d < dims; d++) {
          // Uniform over a box twice the span of the cluster centres: mostly away from the
          // clusters, but not trivially beyond every normal value on every axis.
          rows[i][d] = random.nextDouble(-20, 20);
        }
      } else {
        double[] centre = centres[random.nextInt(clusters)];
        for (int d = 0; d < dims; d++) {
          rows[i][d] = centre[d] + gaussian(random);
        }
      }
    }
    return new SyntheticData(rows, isOutlier);
  }

  static double[][] uniform(int n, int dims, double low, double high, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] rows = new double[n][dims];
    for (double[] row : rows) {
      for (int d = 0; d < dims; d++) {
        row[d] = random.nextDouble(low, high);
      }
    }
    return rows;
  }

  private static double gaussian(SplittableRandom random) {
    // Box–Muller; SplittableRandom has no nextGaussian on Java 17.
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
  }
}
