package io.anomalypipe.silver;

import io.anomalypipe.common.schema.SilverBatchAuditTable;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.OptionalLong;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * What one micro-batch did: its counts, the versions it committed, and whether an earlier attempt
 * had committed part of it. One {@code silver_batch_audit} row.
 *
 * @param replayed whether some of the batch's writes had been committed by an earlier attempt
 * @param silverVersion the silver_events version of the batch's MERGE, if it had valid rows
 * @param quarantineVersion the silver_quarantine version of the batch, if it quarantined rows
 */
public record BatchOutcome(
    long batchId,
    String runId,
    String queryId,
    BatchReconciliation counts,
    boolean replayed,
    Instant startedAt,
    Instant finishedAt,
    OptionalLong silverVersion,
    OptionalLong quarantineVersion) {

  /** The row of {@link SilverBatchAuditTable}, in its column order. */
  public Row auditRow() {
    return RowFactory.create(
        batchId,
        runId,
        queryId,
        counts.bronzeRows(),
        counts.validRows(),
        counts.insertedRows(),
        counts.quarantinedRows(),
        counts.duplicatesInBatch(),
        counts.duplicatesAlreadyInSilver(),
        counts.reconciled(),
        replayed,
        Timestamp.from(startedAt),
        Timestamp.from(finishedAt),
        silverVersion.isPresent() ? silverVersion.getAsLong() : null,
        quarantineVersion.isPresent() ? quarantineVersion.getAsLong() : null);
  }
}
