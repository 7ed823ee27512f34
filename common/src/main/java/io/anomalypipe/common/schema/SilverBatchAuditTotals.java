package io.anomalypipe.common.schema;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The counts of all batches of {@code silver_batch_audit} summed, as {@code bin/silver-report} and
 * {@code bin/pipeline-summary} print them: one row with {@link #BATCHES}, the sums of the count
 * columns (named as in {@link SilverBatchAuditTable}), {@link #BATCHES_NOT_RECONCILED} and {@link
 * #BATCHES_REPLAYED}. Every figure is 0 for an empty audit table.
 */
public final class SilverBatchAuditTotals {

  public static final String BATCHES = "batches";
  public static final String BATCHES_NOT_RECONCILED = "batches_not_reconciled";
  public static final String BATCHES_REPLAYED = "batches_replayed";

  private SilverBatchAuditTotals() {}

  /** The one-row totals of {@code audit}. */
  public static Dataset<Row> of(Dataset<Row> audit) {
    return audit.agg(
        count(lit(1)).as(BATCHES),
        total(SilverBatchAuditTable.BRONZE_ROWS),
        total(SilverBatchAuditTable.INSERTED_ROWS),
        total(SilverBatchAuditTable.QUARANTINED_ROWS),
        total(SilverBatchAuditTable.DUPLICATES_IN_BATCH),
        total(SilverBatchAuditTable.DUPLICATES_ALREADY_IN_SILVER),
        countWhere(not(col(SilverBatchAuditTable.RECONCILED))).as(BATCHES_NOT_RECONCILED),
        countWhere(col(SilverBatchAuditTable.REPLAYED)).as(BATCHES_REPLAYED));
  }

  private static Column total(String column) {
    return coalesce(sum(col(column)), lit(0L)).as(column);
  }

  private static Column countWhere(Column condition) {
    return coalesce(sum(when(condition, 1L).otherwise(0L)), lit(0L));
  }
}
