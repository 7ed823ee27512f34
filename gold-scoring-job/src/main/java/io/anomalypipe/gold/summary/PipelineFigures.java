package io.anomalypipe.gold.summary;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.anomalypipe.common.config.StorageLayout;
import io.anomalypipe.common.schema.EventKeys;
import io.anomalypipe.common.schema.GoldPredictionsTable;
import io.anomalypipe.common.schema.SilverBatchAuditTable;
import io.anomalypipe.common.schema.SilverBatchAuditTotals;
import io.anomalypipe.common.schema.Tables;
import io.delta.tables.DeltaTable;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * What the pipeline's tables hold, layer by layer: the figures the demo ends with and the
 * end-to-end test checks. A table that does not exist yet counts as empty, so the figures can be
 * taken after any layer.
 *
 * @param bronzeRows rows of {@code bronze_events} (every Kafka record, duplicates and malformed
 *     ones included)
 * @param silverRows rows of {@code silver_events} (one per distinct valid event)
 * @param quarantinedRecords rows of {@code silver_quarantine}
 * @param duplicatesDropped duplicates Silver dropped, within a batch or already in Silver, over all
 *     batches of {@code silver_batch_audit}
 * @param silverBatches rows of {@code silver_batch_audit}
 * @param silverBatchesNotReconciled batches whose Bronze rows ≠ inserted + quarantined + duplicates
 * @param scoredRows rows of {@code gold_events_scored}
 * @param predictionRows rows of {@code gold_anomaly_predictions}
 * @param silverEventsNotScored Silver events with no row in {@code gold_anomaly_predictions}
 * @param anomaliesFlagged prediction rows with {@code is_anomaly}
 * @param modelVersions the model versions the prediction rows were scored with, as {@code
 *     name/version}, sorted
 */
public record PipelineFigures(
    long bronzeRows,
    long silverRows,
    long quarantinedRecords,
    long duplicatesDropped,
    long silverBatches,
    long silverBatchesNotReconciled,
    long scoredRows,
    long predictionRows,
    long silverEventsNotScored,
    long anomaliesFlagged,
    List<String> modelVersions) {

  public PipelineFigures {
    modelVersions = List.copyOf(modelVersions);
  }

  /** Reads the figures from the tables under {@code storage}. */
  public static PipelineFigures measure(SparkSession spark, StorageLayout storage) {
    Dataset<Row> silver = table(spark, storage, Tables.SILVER_EVENTS);
    Dataset<Row> predictions = table(spark, storage, Tables.GOLD_ANOMALY_PREDICTIONS);
    Row audit = auditTotals(spark, storage);
    Row predicted = predictionCounts(predictions);
    long silverRows = silver == null ? 0 : silver.count();
    return new PipelineFigures(
        rows(spark, storage, Tables.BRONZE_EVENTS),
        silverRows,
        rows(spark, storage, Tables.SILVER_QUARANTINE),
        audit.<Long>getAs(SilverBatchAuditTable.DUPLICATES_IN_BATCH)
            + audit.<Long>getAs(SilverBatchAuditTable.DUPLICATES_ALREADY_IN_SILVER),
        audit.<Long>getAs(SilverBatchAuditTotals.BATCHES),
        audit.<Long>getAs(SilverBatchAuditTotals.BATCHES_NOT_RECONCILED),
        rows(spark, storage, Tables.GOLD_EVENTS_SCORED),
        predicted.getLong(0),
        silver == null || predictions == null
            ? silverRows
            : EventKeys.missingFrom(silver, predictions),
        predicted.getLong(1),
        predictions == null
            ? List.of()
            : predictions
                .select(GoldPredictionsTable.MODEL_NAME, GoldPredictionsTable.MODEL_VERSION)
                .distinct()
                .collectAsList()
                .stream()
                .map(r -> r.get(0) + "/" + r.get(1))
                .sorted()
                .toList());
  }

  /** The table at its path under {@code storage}, or null when there is no Delta table yet. */
  static Dataset<Row> table(SparkSession spark, StorageLayout storage, String name) {
    String path = storage.tablePath(name);
    return DeltaTable.isDeltaTable(spark, path) ? spark.read().format("delta").load(path) : null;
  }

  private static long rows(SparkSession spark, StorageLayout storage, String name) {
    Dataset<Row> table = table(spark, storage, name);
    return table == null ? 0 : table.count();
  }

  /** {@link SilverBatchAuditTotals} of {@code silver_batch_audit}; all 0 when it does not exist. */
  private static Row auditTotals(SparkSession spark, StorageLayout storage) {
    Dataset<Row> audit = table(spark, storage, Tables.SILVER_BATCH_AUDIT);
    return SilverBatchAuditTotals.of(
            audit != null
                ? audit
                : spark.createDataFrame(List.<Row>of(), SilverBatchAuditTable.SCHEMA))
        .first();
  }

  /** Prediction rows and rows flagged, in one pass; 0 and 0 when the table does not exist. */
  private static Row predictionCounts(Dataset<Row> predictions) {
    if (predictions == null) {
      return RowFactory.create(0L, 0L);
    }
    return predictions
        .agg(
            count(lit(1)),
            coalesce(sum(when(col(GoldPredictionsTable.IS_ANOMALY), 1L).otherwise(0L)), lit(0L)))
        .first();
  }
}
