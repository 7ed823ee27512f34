package io.anomalypipe.common.schema;

import static io.anomalypipe.common.schema.TableColumns.column;

import io.anomalypipe.common.spark.DeltaTableDefinition;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code task_metrics}: one row per completed Spark stage of every job run, its tasks' metrics
 * summed — the numbers of the Spark UI's stage page, kept after the application ends.
 */
public final class TaskMetricsTable {
  public static final String JOB = "job";
  public static final String LAYER = "layer";
  public static final String RUN_ID = "run_id";
  public static final String APP_ID = "app_id";
  public static final String STAGE_ID = "stage_id";
  public static final String STAGE_ATTEMPT = "stage_attempt";
  public static final String STAGE_NAME = "stage_name";
  public static final String NUM_TASKS = "num_tasks";
  public static final String SUBMITTED_AT = "submitted_at";
  public static final String COMPLETED_AT = "completed_at";
  public static final String EXECUTOR_RUN_TIME_MS = "executor_run_time_ms";
  public static final String EXECUTOR_CPU_TIME_MS = "executor_cpu_time_ms";
  public static final String JVM_GC_TIME_MS = "jvm_gc_time_ms";

  /** The sum over the stage's tasks of each task's peak execution memory. */
  public static final String PEAK_EXECUTION_MEMORY_BYTES = "peak_execution_memory_bytes";

  public static final String SHUFFLE_READ_BYTES = "shuffle_read_bytes";
  public static final String SHUFFLE_READ_RECORDS = "shuffle_read_records";
  public static final String SHUFFLE_WRITE_BYTES = "shuffle_write_bytes";
  public static final String SHUFFLE_WRITE_RECORDS = "shuffle_write_records";
  public static final String MEMORY_BYTES_SPILLED = "memory_bytes_spilled";
  public static final String DISK_BYTES_SPILLED = "disk_bytes_spilled";
  public static final String INPUT_BYTES = "input_bytes";
  public static final String INPUT_RECORDS = "input_records";
  public static final String OUTPUT_BYTES = "output_bytes";
  public static final String OUTPUT_RECORDS = "output_records";

  /** Why the stage failed; null when it succeeded. */
  public static final String FAILURE_REASON = "failure_reason";

  public static final String RECORDED_AT = "recorded_at";

  /** The summed metric columns, in schema order (all longs). */
  public static final List<String> METRICS =
      List.of(
          EXECUTOR_RUN_TIME_MS,
          EXECUTOR_CPU_TIME_MS,
          JVM_GC_TIME_MS,
          PEAK_EXECUTION_MEMORY_BYTES,
          SHUFFLE_READ_BYTES,
          SHUFFLE_READ_RECORDS,
          SHUFFLE_WRITE_BYTES,
          SHUFFLE_WRITE_RECORDS,
          MEMORY_BYTES_SPILLED,
          DISK_BYTES_SPILLED,
          INPUT_BYTES,
          INPUT_RECORDS,
          OUTPUT_BYTES,
          OUTPUT_RECORDS);

  public static final StructType SCHEMA;

  static {
    List<StructField> fields =
        new java.util.ArrayList<>(
            List.of(
                column(JOB, DataTypes.StringType, false),
                column(LAYER, DataTypes.StringType, false),
                column(RUN_ID, DataTypes.StringType, false),
                column(APP_ID, DataTypes.StringType, true),
                column(STAGE_ID, DataTypes.IntegerType, false),
                column(STAGE_ATTEMPT, DataTypes.IntegerType, false),
                column(STAGE_NAME, DataTypes.StringType, true),
                column(NUM_TASKS, DataTypes.IntegerType, false),
                column(SUBMITTED_AT, DataTypes.TimestampType, true),
                column(COMPLETED_AT, DataTypes.TimestampType, true)));
    METRICS.forEach(metric -> fields.add(column(metric, DataTypes.LongType, false)));
    fields.add(column(FAILURE_REASON, DataTypes.StringType, true));
    fields.add(column(RECORDED_AT, DataTypes.TimestampType, false));
    SCHEMA = new StructType(fields.toArray(StructField[]::new));
  }

  public static final DeltaTableDefinition DEFINITION =
      new DeltaTableDefinition(
          Tables.TASK_METRICS, SCHEMA, List.of(), Map.of("delta.appendOnly", "true"));

  private TaskMetricsTable() {}
}
