package io.anomalypipe.gold.report;

import io.anomalypipe.common.config.StorageLayout;
import io.anomalypipe.common.features.EventFeatures;
import io.anomalypipe.common.observability.AuditHistoryGatherer;
import io.anomalypipe.common.schema.BenchmarkLogsTable;
import io.anomalypipe.common.schema.BronzeTable;
import io.anomalypipe.common.schema.GoldPredictionsTable;
import io.anomalypipe.common.schema.GoldScoredTable;
import io.anomalypipe.common.schema.MonitorLogsTable;
import io.anomalypipe.common.schema.PipelineMetricsTable;
import io.anomalypipe.common.schema.SilverBatchAuditTable;
import io.anomalypipe.common.schema.SilverQuarantineTable;
import io.anomalypipe.common.schema.SilverTable;
import io.anomalypipe.common.schema.TaskMetricsTable;
import io.anomalypipe.common.spark.DeltaTableDefinition;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * A small run of the whole pipeline written straight into its tables: three days of events
 * (2026-12-01 to 12-03) through Bronze, Silver (with quarantine, duplicates and one audit row per
 * day), Gold (the last events not scored yet), and the observability tables with two runs of some
 * jobs and two monitor runs, so the report has to pick the latest. The rows stay here so tests
 * count what the page should say.
 */
final class ReportTablesFixture {

  static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
  static final int DAYS = 3;
  static final int EVENTS_PER_DAY = 400;
  static final int NOT_SCORED = 30;
  static final double THRESHOLD = 0.6;
  static final String MODEL = "anomaly-pipeline-isolation-forest";

  final List<Row> bronze = new ArrayList<>();
  final List<Row> silver = new ArrayList<>();
  final List<Row> quarantine = new ArrayList<>();
  final List<Row> audit = new ArrayList<>();
  final List<Row> scored = new ArrayList<>();
  final List<Row> predictions = new ArrayList<>();
  final List<Row> pipelineMetrics = new ArrayList<>();
  final List<Row> benchmarkLogs = new ArrayList<>();
  final List<Row> taskMetrics = new ArrayList<>();
  final List<Row> monitorLogs = new ArrayList<>();

  private ReportTablesFixture() {}

  /** Builds the rows and writes every table under {@code storage}. */
  static ReportTablesFixture write(SparkSession spark, StorageLayout storage) {
    ReportTablesFixture f = new ReportTablesFixture();
    f.build();
    f.append(spark, storage, BronzeTable.DEFINITION, f.bronze);
    f.append(spark, storage, SilverTable.DEFINITION, f.silver);
    f.append(spark, storage, SilverQuarantineTable.DEFINITION, f.quarantine);
    f.append(spark, storage, SilverBatchAuditTable.DEFINITION, f.audit);
    // audit_history holds Bronze's and Silver's commits; Gold's history then comes from its log
    AuditHistoryGatherer.gather(spark, storage);
    f.append(spark, storage, GoldScoredTable.DEFINITION, f.scored);
    f.append(spark, storage, GoldPredictionsTable.DEFINITION, f.predictions);
    f.append(spark, storage, PipelineMetricsTable.DEFINITION, f.pipelineMetrics);
    f.append(spark, storage, BenchmarkLogsTable.DEFINITION, f.benchmarkLogs);
    f.append(spark, storage, TaskMetricsTable.DEFINITION, f.taskMetrics);
    f.append(spark, storage, MonitorLogsTable.DEFINITION, f.monitorLogs);
    return f;
  }

  private void append(
      SparkSession spark, StorageLayout storage, DeltaTableDefinition table, List<Row> rows) {
    String path = storage.tablePath(table.name());
    table.createIfNotExists(spark, path);
    spark
        .createDataFrame(rows, table.schema())
        .coalesce(1)
        .write()
        .format("delta")
        .mode("append")
        .save(path);
  }

  private void build() {
    SplittableRandom random = new SplittableRandom(7);
    String[] types = {"page_view", "click", "search", "add_to_cart", "purchase"};
    int events = DAYS * EVENTS_PER_DAY;
    long spacing = Duration.ofDays(DAYS).toSeconds() / events;
    Instant scoredAt = Instant.parse("2026-12-03T23:00:00Z");
    for (int i = 0; i < events; i++) {
      Instant time = START.plusSeconds(i * spacing);
      String eventId = String.format("e-%05d", i);
      double value = 10 + random.nextDouble() * 100;
      Object[] silverRow = {
        eventId,
        "u-" + (i % 40),
        "s-" + (i / 8),
        types[i % types.length],
        ts(time),
        time.getEpochSecond(),
        time.toEpochMilli(),
        value,
        "/p/" + (i % 7),
        "mobile",
        "DE",
        date(time),
        "clickstream-events",
        i % 4,
        (long) i,
        ts(time.plusSeconds(60)),
        ts(time.plusSeconds(120))
      };
      silver.add(RowFactory.create(silverRow));
      if (i >= events - NOT_SCORED) {
        continue;
      }
      double score =
          i % 50 == 7
              ? 0.62 + 0.12 * random.nextDouble()
              : 0.3 + 0.28 * Math.pow(random.nextDouble(), 2);
      List<Object> scoredRow = new ArrayList<>(List.of(silverRow));
      for (int feature = 0; feature < EventFeatures.names().size(); feature++) {
        scoredRow.add(random.nextGaussian());
      }
      scoredRow.addAll(List.of(score, MODEL, 3L, "model-run", "scoring-run", ts(scoredAt)));
      scored.add(RowFactory.create(scoredRow.toArray()));
      predictions.add(
          RowFactory.create(
              eventId,
              date(time),
              ts(time),
              "u-" + (i % 40),
              types[i % types.length],
              score >= THRESHOLD,
              score,
              THRESHOLD,
              MODEL,
              3L,
              "scoring-run",
              ts(scoredAt)));
    }
    // Bronze: every event, 24 records Silver quarantined and 36 duplicates
    int records = events + 24 + 36;
    long recordSpacing = Duration.ofDays(DAYS).toMillis() / records;
    for (int k = 0; k < records; k++) {
      Instant ingested = START.plusMillis(k * recordSpacing + 30_000);
      bronze.add(
          RowFactory.create(
              null,
              ("{\"n\":" + k + "}").getBytes(StandardCharsets.UTF_8),
              "clickstream-events",
              k % 4,
              (long) k,
              ts(ingested.minusSeconds(1)),
              0,
              null,
              ts(ingested),
              date(ingested)));
    }
    for (int j = 0; j < 24; j++) {
      Instant at = START.plus(Duration.ofHours(1 + 3L * j));
      quarantine.add(
          RowFactory.create(
              "not json".getBytes(StandardCharsets.UTF_8),
              null,
              "clickstream-events",
              j % 4,
              10_000L + j,
              ts(at),
              List.of("payload_not_json"),
              "not json",
              ts(at),
              date(at)));
    }
    for (int day = 0; day < DAYS; day++) {
      Instant started = START.plus(Duration.ofDays(day)).plus(Duration.ofHours(12));
      audit.add(
          RowFactory.create(
              (long) day,
              "silver-run",
              "silver-query",
              420L,
              412L,
              400L,
              8L,
              10L,
              2L,
              true,
              false,
              ts(started),
              ts(started.plusSeconds(20)),
              (long) day + 1,
              (long) day + 1));
    }
    metricsRows(random);
    runRows();
    monitorRows();
  }

  private void metricsRows(SplittableRandom random) {
    Object[][] jobs = {
      {"bronze-job", "bronze", 6, 210L},
      {"silver-job", "silver", 3, 420L},
      {"gold-scoring-job", "gold", 5, 234L}
    };
    for (Object[] job : jobs) {
      int batches = (int) job[2];
      for (int b = 0; b < batches; b++) {
        Instant at = START.plus(Duration.ofHours(2 + 14L * b));
        long rows = (long) job[3];
        double rate = 2_000 + 4_000 * random.nextDouble();
        pipelineMetrics.add(metricsRow((String) job[0], (String) job[1], b, at, rows, rate));
      }
    }
    // a batch that read nothing: not drawn
    pipelineMetrics.add(
        metricsRow("silver-job", "silver", 3, START.plus(Duration.ofDays(2)), 0, 0));
  }

  private static Row metricsRow(
      String job, String layer, long batch, Instant at, long rows, double rate) {
    return RowFactory.create(
        job,
        layer,
        job + "-run",
        job + "-query",
        job,
        job + "-query-run",
        batch,
        ts(at),
        rows,
        rate,
        rate,
        rate == 0 ? 0L : (long) (rows * 1000 / rate),
        Map.of("triggerExecution", 100L),
        null,
        List.of(),
        "DeltaSink",
        null,
        ts(at.plusSeconds(5)));
  }

  private void runRows() {
    Instant oldSilver = Instant.parse("2026-12-01T12:00:00Z");
    Instant newSilver = Instant.parse("2026-12-03T12:00:00Z");
    Instant gold = Instant.parse("2026-12-03T23:00:00Z");
    benchmarkLogs.add(
        step("silver-job", "silver", "silver-old", "run", 1, 30_000, null, oldSilver));
    benchmarkLogs.add(
        step("silver-job", "silver", "silver-old", "merge_ms", 1, 9_000, 400L, oldSilver));
    benchmarkLogs.add(
        step("silver-job", "silver", "silver-new", "run", 1, 20_000, null, newSilver));
    benchmarkLogs.add(
        step("silver-job", "silver", "silver-new", "merge_ms", 3, 5_000, 1_200L, newSilver));
    benchmarkLogs.add(
        step("silver-job", "silver", "silver-new", "audit_ms", 3, 700, null, newSilver));
    benchmarkLogs.add(step("gold-scoring-job", "gold", "gold-1", "run", 1, 27_000, null, gold));
    benchmarkLogs.add(
        step("gold-scoring-job", "gold", "gold-1", "score_ms", 2, 4_700, 1_170L, gold));
    benchmarkLogs.add(
        step("bronze-job", "bronze", "bronze-1", "run", 1, 12_900, null, START.plusSeconds(600)));

    taskMetrics.add(stage("silver-job", "silver-old", 0, oldSilver, 1_000, null));
    taskMetrics.add(stage("silver-job", "silver-old", 1, oldSilver, 1_000, null));
    taskMetrics.add(stage("silver-job", "silver-new", 0, newSilver, 2_000, null));
    taskMetrics.add(stage("silver-job", "silver-new", 1, newSilver, 1_500, null));
    taskMetrics.add(stage("silver-job", "silver-new", 2, newSilver, 500, "ExecutorLostFailure"));
    taskMetrics.add(stage("gold-scoring-job", "gold-1", 0, gold, 3_000, null));
    taskMetrics.add(stage("gold-scoring-job", "gold-1", 1, gold, 3_400, null));
  }

  private static Row step(
      String job,
      String layer,
      String run,
      String step,
      long count,
      long ms,
      Long rows,
      Instant at) {
    return RowFactory.create(
        job,
        layer,
        run,
        step,
        count,
        ms,
        rows,
        rows == null ? null : rows * 1000.0 / ms,
        "abcdef1234",
        "conf/local.conf",
        ts(at),
        ts(at.plusMillis(ms)));
  }

  private static Row stage(
      String job, String run, int stageId, Instant at, long cpuMs, String failure) {
    List<Object> values =
        new ArrayList<>(
            java.util.Arrays.asList(
                job,
                job.replace("-job", "").replace("-scoring", ""),
                run,
                "app-1",
                stageId,
                0,
                "stage " + stageId,
                4,
                ts(at.plusSeconds(stageId)),
                ts(at.plusSeconds(stageId + 2))));
    for (String metric : TaskMetricsTable.METRICS) {
      values.add(
          switch (metric) {
            case TaskMetricsTable.EXECUTOR_CPU_TIME_MS -> cpuMs;
            case TaskMetricsTable.EXECUTOR_RUN_TIME_MS -> 2 * cpuMs;
            case TaskMetricsTable.SHUFFLE_READ_BYTES, TaskMetricsTable.SHUFFLE_WRITE_BYTES ->
                1L << 20;
            default -> 10L;
          });
    }
    values.add(failure);
    values.add(ts(at.plusSeconds(60)));
    return RowFactory.create(values.toArray());
  }

  private void monitorRows() {
    Instant old = Instant.parse("2026-12-02T12:00:00Z");
    Instant latest = Instant.parse("2026-12-03T23:30:00Z");
    monitorLogs.add(check("monitor-old", old, "freshness_silver", "silver", 60.0, 7_200.0, "OK"));
    monitorLogs.add(
        check("monitor-old", old, "drift_psi_feature_log_value", "model", 0.01, 0.25, "OK"));
    monitorLogs.add(
        check("monitor-new", latest, "freshness_silver", "silver", 5_000.0, 7_200.0, "WARN"));
    monitorLogs.add(check("monitor-new", latest, "late_rate", "silver", 0.54, 0.05, "BREACH"));
    monitorLogs.add(
        check("monitor-new", latest, "drift_psi_feature_log_value", "model", 0.31, 0.25, "BREACH"));
    monitorLogs.add(
        check("monitor-new", latest, "drift_psi_anomaly_score", "model", 0.02, 0.25, "OK"));
  }

  private static Row check(
      String run,
      Instant at,
      String name,
      String layer,
      Double value,
      Double limit,
      String status) {
    return RowFactory.create(run, ts(at), name, layer, value, limit, status, "{\"rows\":1170}");
  }

  private static Timestamp ts(Instant instant) {
    return Timestamp.from(instant);
  }

  static Date date(Instant instant) {
    return Date.valueOf(LocalDate.ofInstant(instant, ZoneOffset.UTC));
  }
}
