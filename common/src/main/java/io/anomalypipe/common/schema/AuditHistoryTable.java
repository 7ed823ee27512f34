package io.anomalypipe.common.schema;

import static io.anomalypipe.common.schema.TableColumns.column;

import io.anomalypipe.common.spark.DeltaTableDefinition;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code audit_history}: the {@code DESCRIBE HISTORY} rows of every pipeline table, one per table
 * version, gathered incrementally (a version is gathered once), so that lineage — which Silver and
 * Bronze versions a Gold write read — can be queried in SQL after Delta's log retention dropped the
 * commits (see {@code sql/lineage_*.sql}).
 */
public final class AuditHistoryTable {
  public static final String TABLE_NAME = "table_name";
  public static final String TABLE_PATH = "table_path";
  public static final String VERSION = "version";
  public static final String COMMITTED_AT = "committed_at";
  public static final String OPERATION = "operation";
  public static final String OPERATION_PARAMETERS = "operation_parameters";
  public static final String OPERATION_METRICS = "operation_metrics";

  /** The commit's {@code userMetadata}: the pipeline's batch tags (job, query, batch, versions). */
  public static final String USER_METADATA = "user_metadata";

  public static final String READ_VERSION = "read_version";
  public static final String IS_BLIND_APPEND = "is_blind_append";
  public static final String ENGINE_INFO = "engine_info";
  public static final String GATHERED_AT = "gathered_at";

  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            column(TABLE_NAME, DataTypes.StringType, false),
            column(TABLE_PATH, DataTypes.StringType, false),
            column(VERSION, DataTypes.LongType, false),
            column(COMMITTED_AT, DataTypes.TimestampType, true),
            column(OPERATION, DataTypes.StringType, true),
            column(
                OPERATION_PARAMETERS,
                DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType),
                true),
            column(
                OPERATION_METRICS,
                DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType),
                true),
            column(USER_METADATA, DataTypes.StringType, true),
            column(READ_VERSION, DataTypes.LongType, true),
            column(IS_BLIND_APPEND, DataTypes.BooleanType, true),
            column(ENGINE_INFO, DataTypes.StringType, true),
            column(GATHERED_AT, DataTypes.TimestampType, false)
          });

  public static final DeltaTableDefinition DEFINITION =
      new DeltaTableDefinition(
          Tables.AUDIT_HISTORY, SCHEMA, List.of(), Map.of("delta.appendOnly", "true"));

  private AuditHistoryTable() {}
}
