package io.anomalypipe.gold.training;

/** How the decision threshold on the anomaly score is set. */
public enum ThresholdMode {
  /** The ⌈contamination·n⌉-th highest training score: about that share of rows is flagged. */
  contamination,
  /** A fixed score ({@code training.fixed-threshold}). */
  fixed
}
