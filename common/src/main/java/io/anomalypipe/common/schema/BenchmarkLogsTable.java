package io.anomalypipe.common.schema;

import static io.anomalypipe.common.schema.TableColumns.column;

import io.anomalypipe.common.spark.DeltaTableDefinition;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code benchmark_logs}: one row per job run and timed step (the whole run is the step {@link
 * #RUN_STEP}; the writers' per-batch steps are summed over the run's batches).
 */
public final class BenchmarkLogsTable {
  public static final String JOB = "job";
  public static final String LAYER = "layer";
  public static final String RUN_ID = "run_id";
  public static final String STEP = "step";

  /** How many times the step ran in the run (micro-batches for a per-batch step). */
  public static final String COUNT = "count";

  public static final String DURATION_MS = "duration_ms";

  /** Rows the step handled; null where a step has no row count. */
  public static final String ROWS = "rows";

  public static final String ROWS_PER_SECOND = "rows_per_second";
  public static final String GIT_COMMIT = "git_commit";

  /** The {@code --config} profile the run was given ("" when none). */
  public static final String CONFIG_PROFILE = "config_profile";

  public static final String STARTED_AT = "started_at";
  public static final String RECORDED_AT = "recorded_at";

  /** The step that is the whole job run, from configuration to the end. */
  public static final String RUN_STEP = "run";

  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            column(JOB, DataTypes.StringType, false),
            column(LAYER, DataTypes.StringType, false),
            column(RUN_ID, DataTypes.StringType, false),
            column(STEP, DataTypes.StringType, false),
            column(COUNT, DataTypes.LongType, false),
            column(DURATION_MS, DataTypes.LongType, false),
            column(ROWS, DataTypes.LongType, true),
            column(ROWS_PER_SECOND, DataTypes.DoubleType, true),
            column(GIT_COMMIT, DataTypes.StringType, false),
            column(CONFIG_PROFILE, DataTypes.StringType, false),
            column(STARTED_AT, DataTypes.TimestampType, false),
            column(RECORDED_AT, DataTypes.TimestampType, false)
          });

  public static final DeltaTableDefinition DEFINITION =
      new DeltaTableDefinition(
          Tables.BENCHMARK_LOGS, SCHEMA, List.of(), Map.of("delta.appendOnly", "true"));

  private BenchmarkLogsTable() {}
}
