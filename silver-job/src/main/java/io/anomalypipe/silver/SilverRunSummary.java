package io.anomalypipe.silver;

import static org.apache.spark.sql.functions.col;

import io.anomalypipe.common.schema.SilverBatchAuditTable;
import io.anomalypipe.common.schema.SilverBatchAuditTotals;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What one run of the Silver job did, from its own rows of {@code silver_batch_audit}: the plain
 * line the job prints when it ends, for a person at a terminal or in a Databricks task's output.
 */
public record SilverRunSummary(
    long batches,
    long bronzeRows,
    long inserted,
    long quarantined,
    long duplicates,
    long notReconciled) {

  /** The totals of the audit rows written by the run {@code runId}. */
  public static SilverRunSummary of(SparkSession spark, SilverConfig config, String runId) {
    Row totals =
        SilverBatchAuditTotals.of(
                spark
                    .read()
                    .format("delta")
                    .load(config.auditTablePath())
                    .where(col(SilverBatchAuditTable.RUN_ID).equalTo(runId)))
            .head();
    return new SilverRunSummary(
        totals.<Long>getAs(SilverBatchAuditTotals.BATCHES),
        totals.<Long>getAs(SilverBatchAuditTable.BRONZE_ROWS),
        totals.<Long>getAs(SilverBatchAuditTable.INSERTED_ROWS),
        totals.<Long>getAs(SilverBatchAuditTable.QUARANTINED_ROWS),
        totals.<Long>getAs(SilverBatchAuditTable.DUPLICATES_IN_BATCH)
            + totals.<Long>getAs(SilverBatchAuditTable.DUPLICATES_ALREADY_IN_SILVER),
        totals.<Long>getAs(SilverBatchAuditTotals.BATCHES_NOT_RECONCILED));
  }

  public String line() {
    return String.format(
        Locale.ROOT,
        "silver: %,d Bronze records in %,d micro-batch(es) -> %,d events inserted, %,d quarantined,"
            + " %,d duplicates dropped; %s",
        bronzeRows,
        batches,
        inserted,
        quarantined,
        duplicates,
        notReconciled == 0
            ? "every batch reconciled"
            : notReconciled + " batches NOT reconciled (bin/silver-report)");
  }
}
