package io.anomalypipe.common.schema;

/** Names of the Delta tables the pipeline writes; a table's location is root + "/" + name. */
public final class Tables {
  public static final String BRONZE_EVENTS = "bronze_events";
  public static final String SILVER_EVENTS = "silver_events";
  public static final String SILVER_QUARANTINE = "silver_quarantine";
  public static final String SILVER_BATCH_AUDIT = "silver_batch_audit";
  public static final String GOLD_EVENTS_SCORED = "gold_events_scored";
  public static final String GOLD_ANOMALY_PREDICTIONS = "gold_anomaly_predictions";

  private Tables() {}
}
