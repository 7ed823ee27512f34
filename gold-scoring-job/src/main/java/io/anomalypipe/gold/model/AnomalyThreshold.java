package io.anomalypipe.gold.model;

import java.util.Arrays;

/**
 * The score above which a row is an anomaly: {@code predict(score) = score >= value}.
 *
 * <p>From a contamination rate c over n training scores the threshold is the ⌈c·n⌉-th largest
 * training score, i.e. the empirical (1 − c) quantile taken so that exactly ⌈c·n⌉ training rows are
 * flagged when scores are distinct (more when the threshold score is tied).
 */
public record AnomalyThreshold(double value) {

  public AnomalyThreshold {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("threshold must be finite, got " + value);
    }
  }

  /** A threshold set by hand. */
  public static AnomalyThreshold fixed(double value) {
    return new AnomalyThreshold(value);
  }

  /** The ⌈contamination·n⌉-th largest of {@code trainingScores}. */
  public static AnomalyThreshold fromContamination(double[] trainingScores, double contamination) {
    if (trainingScores.length == 0) {
      throw new IllegalArgumentException("trainingScores must not be empty");
    }
    if (!(contamination > 0.0 && contamination <= 1.0)) {
      throw new IllegalArgumentException("contamination must be in (0, 1], got " + contamination);
    }
    double[] sorted = trainingScores.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    // The small slack keeps 0.07 * 100 = 7.000000000000001 from flagging 8 rows.
    int flagged = (int) Math.ceil(contamination * n - 1e-9);
    flagged = Math.max(1, Math.min(n, flagged));
    return new AnomalyThreshold(sorted[n - flagged]);
  }

  public boolean predict(double score) {
    return score >= value;
  }
}
