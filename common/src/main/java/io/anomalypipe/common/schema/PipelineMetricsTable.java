package io.anomalypipe.common.schema;

import static io.anomalypipe.common.schema.TableColumns.column;

import io.anomalypipe.common.spark.DeltaTableDefinition;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code pipeline_metrics}: one row per micro-batch of every streaming query of every job, from the
 * query's progress report (what Spark's {@code StreamingQueryProgress} says, kept after the
 * application ends).
 */
public final class PipelineMetricsTable {
  public static final String JOB = "job";
  public static final String LAYER = "layer";
  public static final String RUN_ID = "run_id";
  public static final String QUERY_ID = "query_id";
  public static final String QUERY_NAME = "query_name";

  /** The streaming run (a restart of the same query from its checkpoint is a new one). */
  public static final String QUERY_RUN_ID = "query_run_id";

  public static final String BATCH_ID = "batch_id";

  /** When the micro-batch's trigger fired. */
  public static final String BATCH_TIMESTAMP = "batch_timestamp";

  public static final String NUM_INPUT_ROWS = "num_input_rows";
  public static final String INPUT_ROWS_PER_SECOND = "input_rows_per_second";
  public static final String PROCESSED_ROWS_PER_SECOND = "processed_rows_per_second";

  /** The whole trigger's wall time ({@code durationMs.triggerExecution}). */
  public static final String BATCH_DURATION_MS = "batch_duration_ms";

  /** Every phase of the trigger: addBatch, getBatch, latestOffset, queryPlanning, walCommit... */
  public static final String DURATION_MS = "duration_ms";

  /** Per stateful operator: rows total and updated, memory, as Spark's JSON. */
  public static final String STATE_OPERATORS_JSON = "state_operators_json";

  /** One entry per source: its description and start/end/latest offsets (Kafka: per partition). */
  public static final String SOURCES = "sources";

  public static final String SOURCE_DESCRIPTION = "description";
  public static final String SOURCE_START_OFFSET = "start_offset";
  public static final String SOURCE_END_OFFSET = "end_offset";
  public static final String SOURCE_LATEST_OFFSET = "latest_offset";
  public static final String SOURCE_INPUT_ROWS = "num_input_rows";

  public static final String SINK = "sink";

  /** The event-time watermark, when the query has one ({@code eventTime.watermark}). */
  public static final String WATERMARK = "watermark";

  public static final String RECORDED_AT = "recorded_at";

  /** A source's entry; nullable throughout, as Delta allows no NOT NULL inside an array. */
  public static final StructType SOURCE =
      new StructType(
          new StructField[] {
            column(SOURCE_DESCRIPTION, DataTypes.StringType, true),
            column(SOURCE_START_OFFSET, DataTypes.StringType, true),
            column(SOURCE_END_OFFSET, DataTypes.StringType, true),
            column(SOURCE_LATEST_OFFSET, DataTypes.StringType, true),
            column(SOURCE_INPUT_ROWS, DataTypes.LongType, true)
          });

  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            column(JOB, DataTypes.StringType, false),
            column(LAYER, DataTypes.StringType, false),
            column(RUN_ID, DataTypes.StringType, false),
            column(QUERY_ID, DataTypes.StringType, false),
            column(QUERY_NAME, DataTypes.StringType, true),
            column(QUERY_RUN_ID, DataTypes.StringType, false),
            column(BATCH_ID, DataTypes.LongType, false),
            column(BATCH_TIMESTAMP, DataTypes.TimestampType, true),
            column(NUM_INPUT_ROWS, DataTypes.LongType, false),
            column(INPUT_ROWS_PER_SECOND, DataTypes.DoubleType, true),
            column(PROCESSED_ROWS_PER_SECOND, DataTypes.DoubleType, true),
            column(BATCH_DURATION_MS, DataTypes.LongType, true),
            column(
                DURATION_MS,
                DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType),
                false),
            column(STATE_OPERATORS_JSON, DataTypes.StringType, true),
            column(SOURCES, DataTypes.createArrayType(SOURCE, true), false),
            column(SINK, DataTypes.StringType, true),
            column(WATERMARK, DataTypes.StringType, true),
            column(RECORDED_AT, DataTypes.TimestampType, false)
          });

  /** Append-only, small: unpartitioned. */
  public static final DeltaTableDefinition DEFINITION =
      new DeltaTableDefinition(
          Tables.PIPELINE_METRICS, SCHEMA, List.of(), Map.of("delta.appendOnly", "true"));

  private PipelineMetricsTable() {}
}
