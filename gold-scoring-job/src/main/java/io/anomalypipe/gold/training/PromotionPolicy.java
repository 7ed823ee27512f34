package io.anomalypipe.gold.training;

/** When a newly trained model version takes the serving alias. */
public enum PromotionPolicy {
  /** Every new version takes the alias. */
  always,
  /**
   * The new version takes the alias unless the current champion, scored on the same evaluation
   * rows, has a higher ROC AUC against the ground truth. Without ground truth there is nothing to
   * compare, and the new version takes the alias (the run records why).
   */
  whenNotWorse
}
