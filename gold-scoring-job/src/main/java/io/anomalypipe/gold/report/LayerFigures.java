package io.anomalypipe.gold.report;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.anomalypipe.common.schema.BronzeTable;
import io.anomalypipe.common.schema.EventKeys;
import io.anomalypipe.common.schema.GoldPredictionsTable;
import io.anomalypipe.common.schema.GoldScoredTable;
import io.anomalypipe.common.schema.SilverBatchAuditTable;
import io.anomalypipe.common.schema.SilverBatchAuditTotals;
import io.anomalypipe.common.schema.SilverQuarantineTable;
import io.anomalypipe.common.schema.SilverTable;
import io.anomalypipe.common.schema.Tables;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Rows per layer, how they reconcile, and how fresh each layer is: one aggregate per table (counts
 * and newest times together), one anti-join for the Silver events Gold has not scored.
 *
 * @param rows rows of each data table in range, in pipeline order; a table not written yet is
 *     absent
 * @param silverAudit the Silver batches' reconciliation ({@code silver_batch_audit}, batches
 *     started in range)
 * @param bronzeNotReadBySilver Bronze rows no Silver batch has read yet (whole history only: a
 *     range cuts Bronze by ingest date and the batches by start, which need not line up)
 * @param gold Silver → Gold: events scored, flagged and not scored yet
 * @param freshness per layer, the newest event and the last write
 */
record LayerFigures(
    Map<String, Long> rows,
    Optional<SilverAudit> silverAudit,
    Optional<Long> bronzeNotReadBySilver,
    Optional<GoldFigures> gold,
    List<Freshness> freshness) {

  LayerFigures {
    rows = Collections.unmodifiableMap(new LinkedHashMap<>(rows));
    freshness = List.copyOf(freshness);
  }

  /** The totals of the Silver batches. */
  record SilverAudit(
      long batches,
      long bronzeRows,
      long inserted,
      long quarantined,
      long duplicatesInBatch,
      long duplicatesInSilver,
      long notReconciled,
      long replayed) {

    long duplicates() {
      return duplicatesInBatch + duplicatesInSilver;
    }
  }

  /**
   * Silver → Gold.
   *
   * @param silverEvents Silver events in range
   * @param notScored of those, events with no row in {@code gold_anomaly_predictions}
   * @param flagged prediction rows with {@code is_anomaly}
   * @param threshold the threshold of the latest scored row; empty without predictions
   * @param modelVersions {@code name/version} of the models the rows were scored with
   */
  record GoldFigures(
      long silverEvents,
      long scored,
      long predictions,
      long notScored,
      long flagged,
      Optional<Double> threshold,
      List<String> modelVersions) {

    double flaggedShare() {
      return predictions == 0 ? 0 : (double) flagged / predictions;
    }
  }

  /**
   * How fresh a layer is.
   *
   * @param newestEvent the newest event time (Bronze: the newest Kafka timestamp; it has no event
   *     time of its own)
   * @param lastWrite when the layer's job last wrote a row
   */
  record Freshness(
      String layer, String table, Optional<Instant> newestEvent, Optional<Instant> lastWrite) {}

  static LayerFigures measure(ReportTables tables, ReportRange range) {
    Map<String, Long> rows = new LinkedHashMap<>();
    List<Freshness> freshness = new ArrayList<>();

    Optional<Row> bronze =
        tables
            .read(Tables.BRONZE_EVENTS)
            .map(
                t ->
                    range
                        .filter(t, BronzeTable.INGEST_DATE)
                        .agg(
                            count(lit(1)),
                            max(BronzeTable.KAFKA_TIMESTAMP),
                            max(BronzeTable.INGESTED_AT))
                        .first());
    bronze.ifPresent(r -> rows.put(Tables.BRONZE_EVENTS, r.getLong(0)));
    freshness.add(freshness("bronze", Tables.BRONZE_EVENTS, bronze));

    Optional<Dataset<Row>> silver =
        tables.read(Tables.SILVER_EVENTS).map(t -> range.filter(t, SilverTable.EVENT_DATE));
    Optional<Row> silverRow =
        silver.map(
            t ->
                t.agg(
                        count(lit(1)),
                        max(SilverTable.EVENT_TIME),
                        max(SilverTable.SILVER_PROCESSED_AT))
                    .first());
    silverRow.ifPresent(r -> rows.put(Tables.SILVER_EVENTS, r.getLong(0)));

    tables
        .read(Tables.SILVER_QUARANTINE)
        .ifPresent(
            t ->
                rows.put(
                    Tables.SILVER_QUARANTINE,
                    range.filter(t, SilverQuarantineTable.QUARANTINE_DATE).count()));

    Optional<SilverAudit> audit =
        tables
            .read(Tables.SILVER_BATCH_AUDIT)
            .map(t -> range.filter(t, SilverBatchAuditTable.STARTED_AT))
            .map(LayerFigures::auditTotals);
    audit.ifPresent(a -> rows.put(Tables.SILVER_BATCH_AUDIT, a.batches()));
    freshness.add(freshness("silver", Tables.SILVER_EVENTS, silverRow));

    Optional<Row> scored =
        tables
            .read(Tables.GOLD_EVENTS_SCORED)
            .map(
                t ->
                    range
                        .filter(t, GoldScoredTable.EVENT_DATE)
                        .agg(
                            count(lit(1)),
                            max(GoldScoredTable.EVENT_TIME),
                            max(GoldScoredTable.SCORED_AT))
                        .first());
    scored.ifPresent(r -> rows.put(Tables.GOLD_EVENTS_SCORED, r.getLong(0)));

    Optional<Dataset<Row>> predictions =
        tables
            .read(Tables.GOLD_ANOMALY_PREDICTIONS)
            .map(t -> range.filter(t, GoldPredictionsTable.EVENT_DATE));
    Optional<Row> predicted =
        predictions.map(
            t ->
                t.agg(
                        count(lit(1)),
                        coalesce(
                            sum(when(col(GoldPredictionsTable.IS_ANOMALY), 1L).otherwise(0L)),
                            lit(0L)),
                        max_by(
                            col(GoldPredictionsTable.THRESHOLD),
                            col(GoldPredictionsTable.SCORED_AT)))
                    .first());
    predicted.ifPresent(r -> rows.put(Tables.GOLD_ANOMALY_PREDICTIONS, r.getLong(0)));
    freshness.add(freshness("gold", Tables.GOLD_EVENTS_SCORED, scored));

    Optional<Long> notRead =
        range.isAll() && bronze.isPresent()
            ? Optional.of(
                Math.max(
                    0, bronze.get().getLong(0) - audit.map(SilverAudit::bronzeRows).orElse(0L)))
            : Optional.empty();
    Optional<GoldFigures> gold =
        silver.isPresent() || predictions.isPresent()
            ? Optional.of(goldFigures(silver, silverRow, scored, predictions, predicted))
            : Optional.empty();
    return new LayerFigures(rows, audit, notRead, gold, freshness);
  }

  private static SilverAudit auditTotals(Dataset<Row> audit) {
    Row r = SilverBatchAuditTotals.of(audit).first();
    return new SilverAudit(
        r.getAs(SilverBatchAuditTotals.BATCHES),
        r.getAs(SilverBatchAuditTable.BRONZE_ROWS),
        r.getAs(SilverBatchAuditTable.INSERTED_ROWS),
        r.getAs(SilverBatchAuditTable.QUARANTINED_ROWS),
        r.getAs(SilverBatchAuditTable.DUPLICATES_IN_BATCH),
        r.getAs(SilverBatchAuditTable.DUPLICATES_ALREADY_IN_SILVER),
        r.getAs(SilverBatchAuditTotals.BATCHES_NOT_RECONCILED),
        r.getAs(SilverBatchAuditTotals.BATCHES_REPLAYED));
  }

  private static GoldFigures goldFigures(
      Optional<Dataset<Row>> silver,
      Optional<Row> silverRow,
      Optional<Row> scored,
      Optional<Dataset<Row>> predictions,
      Optional<Row> predicted) {
    long silverEvents = silverRow.map(r -> r.getLong(0)).orElse(0L);
    long notScored =
        silver.isEmpty()
            ? 0
            : predictions.isEmpty()
                ? silverEvents
                : EventKeys.missingFrom(silver.get(), predictions.get());
    List<String> models =
        predictions
            .map(
                t ->
                    t
                        .select(GoldPredictionsTable.MODEL_NAME, GoldPredictionsTable.MODEL_VERSION)
                        .distinct()
                        .collectAsList()
                        .stream()
                        .map(r -> r.get(0) + "/" + r.get(1))
                        .sorted()
                        .toList())
            .orElse(List.of());
    return new GoldFigures(
        silverEvents,
        scored.map(r -> r.getLong(0)).orElse(0L),
        predicted.map(r -> r.getLong(0)).orElse(0L),
        notScored,
        predicted.map(r -> r.getLong(1)).orElse(0L),
        predicted.filter(r -> !r.isNullAt(2)).map(r -> r.getDouble(2)),
        models);
  }

  /** From a row of (count, newest event time, last write time). */
  private static Freshness freshness(String layer, String table, Optional<Row> row) {
    return new Freshness(
        layer, table, row.flatMap(r -> instant(r, 1)), row.flatMap(r -> instant(r, 2)));
  }

  static Optional<Instant> instant(Row row, int index) {
    return row.isNullAt(index)
        ? Optional.empty()
        : Optional.of(((Timestamp) row.get(index)).toInstant());
  }
}
