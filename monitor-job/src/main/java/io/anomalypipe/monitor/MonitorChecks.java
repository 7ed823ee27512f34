package io.anomalypipe.monitor;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.anomalypipe.common.drift.DriftBaseline;
import io.anomalypipe.common.schema.BronzeTable;
import io.anomalypipe.common.schema.EventKeys;
import io.anomalypipe.common.schema.GoldPredictionsTable;
import io.anomalypipe.common.schema.GoldScoredTable;
import io.anomalypipe.common.schema.MonitorLogsTable;
import io.anomalypipe.common.schema.SilverBatchAuditTable;
import io.anomalypipe.common.schema.SilverQuarantineTable;
import io.anomalypipe.common.schema.SilverTable;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The monitor's checks, each a function of the tables it reads (Datasets in, a {@link CheckResult}
 * out, no I/O of its own): every figure is an aggregate computed by Spark, nothing O(rows) comes to
 * the driver.
 */
public final class MonitorChecks {

  private MonitorChecks() {}

  /**
   * now − the newest value of {@code timeColumn} (an event or Kafka timestamp), in seconds, against
   * {@code limit}.
   */
  public static CheckResult freshness(
      String layer,
      Dataset<Row> table,
      String timeColumn,
      Instant now,
      Duration limit,
      Map<String, Object> extraDetails) {
    Row newest = table.agg(max(col(timeColumn))).head();
    String check = "freshness_" + layer;
    if (newest.isNullAt(0)) {
      return CheckResult.notMeasured(check, layer, "no rows yet");
    }
    Instant at = newest.getTimestamp(0).toInstant();
    double ageSeconds = Duration.between(at, now).toMillis() / 1000.0;
    Map<String, Object> details = new LinkedHashMap<>(extraDetails);
    details.put("newest_" + timeColumn, at.toString());
    return CheckResult.atMost(check, layer, ageSeconds, limit.toSeconds(), details);
  }

  /**
   * The quarantine and duplicate rates of the Silver batches that finished within {@code window} of
   * the last one, from {@code silver_batch_audit}; the quarantine's rows of that time, per rule, in
   * the details.
   */
  public static List<CheckResult> silverRates(
      Dataset<Row> audit,
      Dataset<Row> quarantine,
      Duration window,
      double quarantineLimit,
      double duplicateLimit) {
    Row last = audit.agg(max(SilverBatchAuditTable.FINISHED_AT)).head();
    if (last.isNullAt(0)) {
      return List.of(
          CheckResult.notMeasured("quarantine_rate", "silver", "no Silver batch yet"),
          CheckResult.notMeasured("duplicate_rate", "silver", "no Silver batch yet"));
    }
    Timestamp since = since(last.getTimestamp(0), window);
    Row totals =
        audit
            .where(col(SilverBatchAuditTable.FINISHED_AT).geq(lit(since)))
            .agg(
                sum(SilverBatchAuditTable.BRONZE_ROWS),
                sum(SilverBatchAuditTable.QUARANTINED_ROWS),
                sum(
                    col(SilverBatchAuditTable.DUPLICATES_IN_BATCH)
                        .plus(col(SilverBatchAuditTable.DUPLICATES_ALREADY_IN_SILVER))),
                count(lit(1)))
            .head();
    long bronzeRows = totals.getLong(0);
    Map<String, Object> perRule = new LinkedHashMap<>();
    for (Row rule :
        quarantine
            .where(col(SilverQuarantineTable.QUARANTINED_AT).geq(lit(since)))
            .select(explode(col(SilverQuarantineTable.FAILED_RULES)).as("rule"))
            .groupBy("rule")
            .count()
            .orderBy(col("count").desc())
            .collectAsList()) {
      perRule.put(rule.getString(0), rule.getLong(1));
    }
    Map<String, Object> common = Map.of("bronze_rows", bronzeRows, "batches", totals.getLong(3));
    Map<String, Object> quarantineDetails = new LinkedHashMap<>(common);
    quarantineDetails.put("quarantined", totals.getLong(1));
    quarantineDetails.put("by_rule", perRule);
    Map<String, Object> duplicateDetails = new LinkedHashMap<>(common);
    duplicateDetails.put("duplicates", totals.getLong(2));
    return List.of(
        CheckResult.atMost(
            "quarantine_rate",
            "silver",
            ratio(totals.getLong(1), bronzeRows),
            quarantineLimit,
            quarantineDetails),
        CheckResult.atMost(
            "duplicate_rate",
            "silver",
            ratio(totals.getLong(2), bronzeRows),
            duplicateLimit,
            duplicateDetails));
  }

  /**
   * The share of the window's Silver events that are late: whose event time lies more than {@code
   * lateAfter} behind the newest event time sent before them on their Kafka partition in the same
   * Bronze micro-batch. Within a delivery that is out-of-order arrival (what a windowed aggregation
   * would drop); across deliveries a backfill of older history (a second demo run, a replay) is not
   * counted as late.
   */
  public static CheckResult lateRate(
      Dataset<Row> silver, Duration window, Duration lateAfter, double limit) {
    Dataset<Row> recent = recent(silver, SilverTable.EVENT_TIME, window);
    if (recent == null) {
      return CheckResult.notMeasured("late_rate", "silver", "no Silver events yet");
    }
    WindowSpec before =
        Window.partitionBy(
                SilverTable.KAFKA_TOPIC,
                SilverTable.KAFKA_PARTITION,
                SilverTable.BRONZE_INGESTED_AT)
            .orderBy(SilverTable.KAFKA_OFFSET)
            .rowsBetween(Window.unboundedPreceding(), -1);
    Column newestBefore = max(col(SilverTable.EVENT_TIME_MILLIS)).over(before);
    Row totals =
        recent
            .withColumn("newest_before", newestBefore)
            .agg(
                count(lit(1)),
                sum(
                    when(
                            col(SilverTable.EVENT_TIME_MILLIS)
                                .lt(col("newest_before").minus(lateAfter.toMillis())),
                            1L)
                        .otherwise(0L)))
            .head();
    long events = totals.getLong(0);
    long late = totals.isNullAt(1) ? 0 : totals.getLong(1);
    return CheckResult.atMost(
        "late_rate",
        "silver",
        ratio(late, events),
        limit,
        Map.of("events", events, "late", late, "late_after", lateAfter.toString()));
  }

  /** The share of the window's scored events that Gold flagged. */
  public static CheckResult anomalyRate(Dataset<Row> predictions, Duration window, double limit) {
    Dataset<Row> recent = recent(predictions, GoldPredictionsTable.EVENT_TIME, window);
    if (recent == null) {
      return CheckResult.notMeasured("anomaly_rate", "gold", "no Gold predictions yet");
    }
    Row totals =
        recent
            .agg(count(lit(1)), sum(when(col(GoldPredictionsTable.IS_ANOMALY), 1L).otherwise(0L)))
            .head();
    long events = totals.getLong(0);
    long flagged = totals.getLong(1);
    return CheckResult.atMost(
        "anomaly_rate",
        "gold",
        ratio(flagged, events),
        limit,
        Map.of("scored", events, "flagged", flagged));
  }

  /**
   * Gaps between the layers: Bronze records Silver has not processed (Bronze rows − the audit's
   * Bronze rows), Silver batches that did not reconcile, Silver events not in Gold.
   */
  public static List<CheckResult> reconciliation(
      Dataset<Row> bronze,
      Dataset<Row> audit,
      Dataset<Row> silver,
      Dataset<Row> goldScored,
      long limit) {
    long bronzeRows = bronze.count();
    Row processed =
        audit
            .agg(
                coalesce(sum(SilverBatchAuditTable.BRONZE_ROWS), lit(0L)),
                coalesce(
                    sum(when(col(SilverBatchAuditTable.RECONCILED), 0L).otherwise(1L)), lit(0L)))
            .head();
    long unprocessed = bronzeRows - processed.getLong(0);
    long notInGold =
        goldScored == null ? silver.count() : EventKeys.missingFrom(silver, goldScored);
    return List.of(
        CheckResult.atMost(
            "reconciliation_bronze_not_in_silver",
            "silver",
            unprocessed,
            limit,
            Map.of("bronze_rows", bronzeRows, "processed_by_silver", processed.getLong(0))),
        CheckResult.atMost(
            "reconciliation_batches_not_reconciled",
            "silver",
            processed.getLong(1),
            limit,
            Map.of()),
        CheckResult.atMost(
            "reconciliation_silver_not_in_gold",
            "gold",
            notInGold,
            limit,
            Map.of("silver_events", silver.count())));
  }

  /**
   * End-to-end latency of the latest {@code batches} Gold batches: each event's Gold scoring time
   * minus its Kafka timestamp (from Bronze, by its Kafka coordinates), p50, p95 and max in seconds;
   * p95 against {@code limit}.
   */
  public static CheckResult latency(
      Dataset<Row> goldScored, Dataset<Row> bronze, int batches, Duration limit) {
    List<Timestamp> latest =
        goldScored
            .select(GoldScoredTable.SCORED_AT)
            .distinct()
            .orderBy(col(GoldScoredTable.SCORED_AT).desc())
            .limit(batches)
            .collectAsList()
            .stream()
            .map(row -> row.getTimestamp(0))
            .toList();
    if (latest.isEmpty()) {
      return CheckResult.notMeasured("latency_p95", "gold", "no Gold batch yet");
    }
    Dataset<Row> recent =
        goldScored
            .where(col(GoldScoredTable.SCORED_AT).isin(latest.toArray()))
            .select(
                SilverTable.KAFKA_TOPIC,
                SilverTable.KAFKA_PARTITION,
                SilverTable.KAFKA_OFFSET,
                GoldScoredTable.SCORED_AT);
    Dataset<Row> coordinates =
        bronze.select(
            col(BronzeTable.KAFKA_TOPIC).as("b_topic"),
            col(BronzeTable.KAFKA_PARTITION).as("b_partition"),
            col(BronzeTable.KAFKA_OFFSET).as("b_offset"),
            col(BronzeTable.KAFKA_TIMESTAMP));
    Row quantiles =
        recent
            .join(
                coordinates,
                col(SilverTable.KAFKA_TOPIC)
                    .equalTo(col("b_topic"))
                    .and(col(SilverTable.KAFKA_PARTITION).equalTo(col("b_partition")))
                    .and(col(SilverTable.KAFKA_OFFSET).equalTo(col("b_offset"))))
            .select(
                expr("cast(unix_millis("
                        + GoldScoredTable.SCORED_AT
                        + ") - unix_millis("
                        + BronzeTable.KAFKA_TIMESTAMP
                        + ") as double) / 1000")
                    .as("latency_s"))
            .agg(
                expr("percentile_approx(latency_s, 0.5)"),
                expr("percentile_approx(latency_s, 0.95)"),
                max("latency_s"),
                count(lit(1)))
            .head();
    if (quantiles.getLong(3) == 0) {
      return CheckResult.notMeasured("latency_p95", "gold", "no Bronze record found for Gold's");
    }
    return CheckResult.atMost(
        "latency_p95",
        "gold",
        quantiles.getDouble(1),
        limit.toSeconds(),
        Map.of(
            "p50_s", quantiles.getDouble(0),
            "p95_s", quantiles.getDouble(1),
            "max_s", quantiles.getDouble(2),
            "events", quantiles.getLong(3),
            "batches", latest.size()));
  }

  /**
   * The population stability index of each model feature and of the score, the window's Gold rows
   * binned with the baseline's edges against the baseline's shares; one pass over the rows.
   */
  public static List<CheckResult> drift(
      Dataset<Row> goldScored, DriftBaseline baseline, Duration window, double warn, double limit) {
    Dataset<Row> recent = recent(goldScored, GoldScoredTable.EVENT_TIME, window);
    if (recent == null) {
      return List.of(CheckResult.notMeasured("drift_psi", "model", "no Gold rows yet"));
    }
    Map<String, DriftBaseline.Distribution> columns = new LinkedHashMap<>(baseline.features());
    columns.put(GoldScoredTable.ANOMALY_SCORE, baseline.score());
    List<Column> counts = new ArrayList<>();
    columns.forEach(
        (name, distribution) -> {
          Column bin = binOf(col(name), distribution.edges());
          for (int i = 0; i <= distribution.edges().length; i++) {
            counts.add(sum(when(bin.equalTo(i), 1L).otherwise(0L)));
          }
        });
    Row row =
        recent.agg(counts.get(0), counts.subList(1, counts.size()).toArray(Column[]::new)).head();
    List<CheckResult> results = new ArrayList<>();
    int at = 0;
    for (Map.Entry<String, DriftBaseline.Distribution> entry : columns.entrySet()) {
      double[] expected = entry.getValue().shares();
      long[] actual = new long[expected.length];
      for (int i = 0; i < actual.length; i++) {
        actual[i] = row.isNullAt(at) ? 0 : row.getLong(at);
        at++;
      }
      double[] shares = DriftBaseline.sharesOf(actual);
      double psi = DriftBaseline.psi(expected, shares);
      String status =
          psi > limit
              ? MonitorLogsTable.BREACH
              : psi > warn ? MonitorLogsTable.WARN : MonitorLogsTable.OK;
      results.add(
          new CheckResult(
              "drift_psi_" + entry.getKey(),
              "model",
              psi,
              limit,
              status,
              Map.of(
                  "expected_shares", expected,
                  "actual_shares", shares,
                  "rows", java.util.Arrays.stream(actual).sum(),
                  "warn_above", warn)));
    }
    return results;
  }

  /** The bin index of a value: how many edges are at or below it (as {@link DriftBaseline}). */
  static Column binOf(Column value, double[] edges) {
    Column bin = lit(0);
    for (double edge : edges) {
      bin = bin.plus(when(value.geq(edge), 1).otherwise(0));
    }
    return bin;
  }

  /** The rows within {@code window} of the newest {@code timeColumn}; null for an empty table. */
  private static Dataset<Row> recent(Dataset<Row> table, String timeColumn, Duration window) {
    Row newest = table.agg(max(col(timeColumn))).head();
    if (newest.isNullAt(0)) {
      return null;
    }
    return table.where(col(timeColumn).geq(lit(since(newest.getTimestamp(0), window))));
  }

  private static Timestamp since(Timestamp newest, Duration window) {
    return Timestamp.from(newest.toInstant().minus(window));
  }

  private static double ratio(long part, long whole) {
    return whole == 0 ? 0.0 : (double) part / whole;
  }
}
