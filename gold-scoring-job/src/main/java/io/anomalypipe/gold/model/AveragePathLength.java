package io.anomalypipe.gold.model;

/**
 * c(n), the average path length of an unsuccessful search in a binary search tree of n nodes (Liu,
 * Ting & Zhou 2008, eq. 1): the expected depth still to go below a leaf holding n rows, and the
 * normaliser of the anomaly score.
 */
public final class AveragePathLength {
  private static final double EULER_MASCHERONI = 0.5772156649;

  private AveragePathLength() {}

  /** c(n) = 2H(n−1) − 2(n−1)/n with H(i) = ln(i) + γ; c(0) = c(1) = 0 and c(2) = 1 exactly. */
  public static double of(int n) {
    if (n <= 1) {
      return 0.0;
    }
    if (n == 2) {
      // The harmonic approximation gives 0.1544 for n = 2; the exact value is 1.
      return 1.0;
    }
    double harmonic = Math.log(n - 1.0) + EULER_MASCHERONI;
    return 2.0 * harmonic - 2.0 * (n - 1.0) / n;
  }

  /** s = 2^(−meanPathLength / c(ψ)), in (0, 1]; higher is more anomalous. */
  public static double anomalyScore(double meanPathLength, int subsampleSize) {
    return Math.pow(2.0, -meanPathLength / of(subsampleSize));
  }
}
