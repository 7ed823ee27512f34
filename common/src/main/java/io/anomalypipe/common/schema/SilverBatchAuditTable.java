package io.anomalypipe.common.schema;

import io.anomalypipe.common.spark.DeltaTableDefinition;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code silver_batch_audit} table: one row per Silver micro-batch with its reconciliation,
 * {@code bronze_rows = inserted_rows + quarantined_rows + duplicates_in_batch +
 * duplicates_already_in_silver}. (query_id, batch_id) identifies a row.
 */
public final class SilverBatchAuditTable {
  public static final String BATCH_ID = "batch_id";

  /** The run of the Silver job (the {@code run_id} of its log lines). */
  public static final String RUN_ID = "run_id";

  /** The streaming query, stable across restarts from the same checkpoint. */
  public static final String QUERY_ID = "query_id";

  /** Bronze rows the micro-batch read. */
  public static final String BRONZE_ROWS = "bronze_rows";

  /** Of those, rows that broke no rule. */
  public static final String VALID_ROWS = "valid_rows";

  /** Rows the MERGE inserted into silver_events. */
  public static final String INSERTED_ROWS = "inserted_rows";

  /** Rows appended to silver_quarantine. */
  public static final String QUARANTINED_ROWS = "quarantined_rows";

  /** Valid rows dropped because another row of the same batch has the same event_id. */
  public static final String DUPLICATES_IN_BATCH = "duplicates_in_batch";

  /** Valid rows dropped because silver_events already held their event. */
  public static final String DUPLICATES_ALREADY_IN_SILVER = "duplicates_already_in_silver";

  /** Whether the counts add up to bronze_rows. */
  public static final String RECONCILED = "reconciled";

  /** Whether some of the batch's writes had been committed by an earlier, interrupted attempt. */
  public static final String REPLAYED = "replayed";

  public static final String STARTED_AT = "started_at";
  public static final String FINISHED_AT = "finished_at";

  /** The silver_events version the batch's MERGE committed; null when it had no valid row. */
  public static final String SILVER_VERSION = "silver_version";

  /** The silver_quarantine version the batch committed; null when nothing was quarantined. */
  public static final String QUARANTINE_VERSION = "quarantine_version";

  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            field(BATCH_ID, DataTypes.LongType, false),
            field(RUN_ID, DataTypes.StringType, false),
            field(QUERY_ID, DataTypes.StringType, false),
            field(BRONZE_ROWS, DataTypes.LongType, false),
            field(VALID_ROWS, DataTypes.LongType, false),
            field(INSERTED_ROWS, DataTypes.LongType, false),
            field(QUARANTINED_ROWS, DataTypes.LongType, false),
            field(DUPLICATES_IN_BATCH, DataTypes.LongType, false),
            field(DUPLICATES_ALREADY_IN_SILVER, DataTypes.LongType, false),
            field(RECONCILED, DataTypes.BooleanType, false),
            field(REPLAYED, DataTypes.BooleanType, false),
            field(STARTED_AT, DataTypes.TimestampType, false),
            field(FINISHED_AT, DataTypes.TimestampType, false),
            field(SILVER_VERSION, DataTypes.LongType, true),
            field(QUARANTINE_VERSION, DataTypes.LongType, true)
          });

  /**
   * Small (one row per batch) and never rewritten: unpartitioned and append-only, so the audit
   * trail cannot be edited after the fact.
   */
  public static final DeltaTableDefinition DEFINITION =
      new DeltaTableDefinition(
          Tables.SILVER_BATCH_AUDIT, SCHEMA, List.of(), Map.of("delta.appendOnly", "true"));

  private SilverBatchAuditTable() {}

  private static StructField field(String name, DataType type, boolean nullable) {
    return new StructField(name, type, nullable, Metadata.empty());
  }
}
