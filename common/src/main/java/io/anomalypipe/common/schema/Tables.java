package io.anomalypipe.common.schema;

import java.util.List;

/** Names of the Delta tables the pipeline writes; a table's location is root + "/" + name. */
public final class Tables {
  public static final String BRONZE_EVENTS = "bronze_events";
  public static final String SILVER_EVENTS = "silver_events";
  public static final String SILVER_QUARANTINE = "silver_quarantine";
  public static final String SILVER_BATCH_AUDIT = "silver_batch_audit";
  public static final String GOLD_EVENTS_SCORED = "gold_events_scored";
  public static final String GOLD_ANOMALY_PREDICTIONS = "gold_anomaly_predictions";

  /** One row per micro-batch of every streaming query of every job (observability). */
  public static final String PIPELINE_METRICS = "pipeline_metrics";

  /** One row per Spark stage of every job run: the figures of the Spark UI's stage page. */
  public static final String TASK_METRICS = "task_metrics";

  /** One row per job run and timed step: duration, rows, rows per second. */
  public static final String BENCHMARK_LOGS = "benchmark_logs";

  /** One row per check of every monitor run (and per alert delivery). */
  public static final String MONITOR_LOGS = "monitor_logs";

  /** The Delta history of every pipeline table, gathered incrementally (lineage). */
  public static final String AUDIT_HISTORY = "audit_history";

  /** The tables the layers write: their Delta history goes to {@link #AUDIT_HISTORY}. */
  public static final List<String> PIPELINE_DATA_TABLES =
      List.of(
          BRONZE_EVENTS,
          SILVER_EVENTS,
          SILVER_QUARANTINE,
          SILVER_BATCH_AUDIT,
          GOLD_EVENTS_SCORED,
          GOLD_ANOMALY_PREDICTIONS);

  private Tables() {}
}
