package io.anomalypipe.common.schema;

import static io.anomalypipe.common.schema.TableColumns.column;

import io.anomalypipe.common.spark.DeltaTableDefinition;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code monitor_logs}: one row per check per monitor run — freshness, lag, latency, rates,
 * reconciliation, drift — with its value, threshold and verdict, and one row per alert delivery.
 */
public final class MonitorLogsTable {
  public static final String MONITOR_RUN_ID = "monitor_run_id";
  public static final String CHECKED_AT = "checked_at";

  /** e.g. {@code freshness_silver}, {@code kafka_lag}, {@code drift_psi_feature_value_log}. */
  public static final String CHECK = "check_name";

  /** bronze, silver, gold, model or pipeline. */
  public static final String LAYER = "layer";

  /** The measured value (null when it could not be measured: see {@link #DETAILS_JSON}). */
  public static final String VALUE = "value";

  /** The configured limit the value is held against (null for a check with none). */
  public static final String THRESHOLD = "threshold";

  /** {@link #OK}, {@link #WARN} or {@link #BREACH}. */
  public static final String STATUS = "status";

  /** The check's particulars as a JSON object (per partition, per reason, the error...). */
  public static final String DETAILS_JSON = "details_json";

  public static final String OK = "OK";
  public static final String WARN = "WARN";
  public static final String BREACH = "BREACH";

  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            column(MONITOR_RUN_ID, DataTypes.StringType, false),
            column(CHECKED_AT, DataTypes.TimestampType, false),
            column(CHECK, DataTypes.StringType, false),
            column(LAYER, DataTypes.StringType, false),
            column(VALUE, DataTypes.DoubleType, true),
            column(THRESHOLD, DataTypes.DoubleType, true),
            column(STATUS, DataTypes.StringType, false),
            column(DETAILS_JSON, DataTypes.StringType, true)
          });

  public static final DeltaTableDefinition DEFINITION =
      new DeltaTableDefinition(
          Tables.MONITOR_LOGS, SCHEMA, List.of(), Map.of("delta.appendOnly", "true"));

  private MonitorLogsTable() {}
}
