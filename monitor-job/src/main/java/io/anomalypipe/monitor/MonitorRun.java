package io.anomalypipe.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.anomalypipe.common.config.StorageLayout;
import io.anomalypipe.common.drift.DriftBaseline;
import io.anomalypipe.common.mlflow.MlflowConnection;
import io.anomalypipe.common.mlflow.ModelVersion;
import io.anomalypipe.common.observability.AuditHistoryGatherer;
import io.anomalypipe.common.schema.BronzeTable;
import io.anomalypipe.common.schema.GoldScoredTable;
import io.anomalypipe.common.schema.MonitorLogsTable;
import io.anomalypipe.common.schema.SilverTable;
import io.anomalypipe.common.schema.Tables;
import io.delta.tables.DeltaTable;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One monitor run: the pipeline tables' new Delta versions gathered into {@code audit_history},
 * every check over the tables, the results appended to {@code monitor_logs}, and, when a check is
 * breached, one alert to the configured webhook, whose delivery is recorded too. A check that
 * cannot be computed (a broker down, a table unreadable) is recorded as WARN with the reason; it
 * does not stop the other checks.
 */
public final class MonitorRun {
  private static final Logger LOG = LoggerFactory.getLogger(MonitorRun.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The check that records an alert's delivery. */
  public static final String ALERT_DELIVERY = "alert_delivery";

  private MonitorRun() {}

  /** What the run found, and how its alert went (empty when nothing was breached). */
  public record Outcome(
      String monitorRunId, List<CheckResult> checks, Optional<AlertSender.Delivery> alert) {
    public List<CheckResult> breached() {
      return checks.stream().filter(CheckResult::breached).toList();
    }
  }

  public static Outcome run(
      SparkSession spark,
      MonitorConfig config,
      Callable<DriftBaseline> baseline,
      UnaryOperator<String> environment,
      String monitorRunId,
      Instant now) {
    StorageLayout storage = config.storage();
    MonitorConfig.Thresholds limits = config.thresholds();
    if (config.gatherAuditHistory()) {
      // once per DAG run, here: the lineage queries and the report read it
      try {
        LOG.atInfo()
            .addKeyValue("versions_added", AuditHistoryGatherer.gather(spark, storage))
            .log("audit history gathered");
      } catch (Exception e) {
        LOG.atWarn().addKeyValue("error", e.toString()).log("audit history not gathered");
      }
    }
    Dataset<Row> bronze = table(spark, storage, Tables.BRONZE_EVENTS);
    Dataset<Row> silver = table(spark, storage, Tables.SILVER_EVENTS);
    Dataset<Row> quarantine = table(spark, storage, Tables.SILVER_QUARANTINE);
    Dataset<Row> audit = table(spark, storage, Tables.SILVER_BATCH_AUDIT);
    Dataset<Row> scored = table(spark, storage, Tables.GOLD_EVENTS_SCORED);
    Dataset<Row> predictions = table(spark, storage, Tables.GOLD_ANOMALY_PREDICTIONS);

    List<CheckResult> checks = new ArrayList<>();
    measure(
        checks,
        "freshness_bronze",
        "bronze",
        bronze,
        () ->
            List.of(
                MonitorChecks.freshness(
                    "bronze",
                    bronze,
                    BronzeTable.KAFKA_TIMESTAMP,
                    now,
                    limits.freshness(),
                    newestCommit(spark, storage, Tables.BRONZE_EVENTS))));
    measure(
        checks,
        "freshness_silver",
        "silver",
        silver,
        () ->
            List.of(
                MonitorChecks.freshness(
                    "silver",
                    silver,
                    SilverTable.EVENT_TIME,
                    now,
                    limits.freshness(),
                    newestCommit(spark, storage, Tables.SILVER_EVENTS))));
    measure(
        checks,
        "freshness_gold",
        "gold",
        scored,
        () ->
            List.of(
                MonitorChecks.freshness(
                    "gold",
                    scored,
                    GoldScoredTable.EVENT_TIME,
                    now,
                    limits.freshness(),
                    newestCommit(spark, storage, Tables.GOLD_EVENTS_SCORED))));
    measure(
        checks, "kafka_lag", "bronze", bronze, () -> List.of(kafkaLag(spark, config, environment)));
    measure(
        checks,
        "latency_p95",
        "gold",
        scored,
        () ->
            List.of(
                MonitorChecks.latency(
                    scored, bronze, config.latencyBatches(), limits.latencyP95())));
    measure(
        checks,
        "quarantine_rate",
        "silver",
        audit,
        () ->
            MonitorChecks.silverRates(
                audit,
                quarantine == null ? audit.sparkSession().emptyDataFrame() : quarantine,
                config.window(),
                limits.quarantineRate(),
                limits.duplicateRate()));
    measure(
        checks,
        "late_rate",
        "silver",
        silver,
        () ->
            List.of(
                MonitorChecks.lateRate(
                    silver, config.window(), config.lateAfter(), limits.lateRate())));
    measure(
        checks,
        "anomaly_rate",
        "gold",
        predictions,
        () ->
            List.of(MonitorChecks.anomalyRate(predictions, config.window(), limits.anomalyRate())));
    measure(
        checks,
        "reconciliation",
        "pipeline",
        bronze == null || audit == null || silver == null ? null : bronze,
        () ->
            MonitorChecks.reconciliation(
                bronze, audit, silver, scored, limits.reconciliationGap()));
    measure(
        checks,
        "drift_psi",
        "model",
        scored,
        () ->
            MonitorChecks.drift(
                scored,
                baseline.call(),
                config.window(),
                limits.driftPsiWarn(),
                limits.driftPsi()));

    Optional<AlertSender.Delivery> alert = Optional.empty();
    List<CheckResult> breached = checks.stream().filter(CheckResult::breached).toList();
    if (!breached.isEmpty()) {
      alert = alert(config, environment, monitorRunId, breached);
      alert.ifPresent(
          delivery ->
              checks.add(
                  new CheckResult(
                      ALERT_DELIVERY,
                      "pipeline",
                      (double) delivery.attempts(),
                      (double) config.alert().attempts(),
                      delivery.delivered() ? MonitorLogsTable.OK : MonitorLogsTable.BREACH,
                      Map.of(
                          "delivered", delivery.delivered(),
                          "outcome", delivery.outcome(),
                          "breached_checks", breached.stream().map(CheckResult::check).toList()))));
    }
    write(spark, storage, monitorRunId, now, checks);
    return new Outcome(monitorRunId, List.copyOf(checks), alert);
  }

  /** Runs one check; a table not written yet or a failure becomes a recorded verdict. */
  private static void measure(
      List<CheckResult> checks,
      String check,
      String layer,
      Dataset<Row> needed,
      Callable<List<CheckResult>> measurement) {
    if (needed == null) {
      checks.add(CheckResult.notMeasured(check, layer, "table not written yet"));
      return;
    }
    try {
      checks.addAll(measurement.call());
    } catch (Exception e) {
      LOG.atWarn()
          .addKeyValue("check", check)
          .addKeyValue("error", e.toString())
          .log("check {} could not be measured", check);
      checks.add(
          new CheckResult(
              check, layer, null, null, MonitorLogsTable.WARN, Map.of("error", e.toString())));
    }
  }

  private static CheckResult kafkaLag(
      SparkSession spark, MonitorConfig config, UnaryOperator<String> environment)
      throws Exception {
    KafkaLag.Lag lag =
        KafkaLag.measure(
            config.kafka(),
            environment,
            config.storage().checkpointPath(Tables.BRONZE_EVENTS),
            spark.sparkContext().hadoopConfiguration());
    Map<String, Object> perPartition = new LinkedHashMap<>();
    lag.perPartition()
        .forEach((partition, records) -> perPartition.put(partition.toString(), records));
    return CheckResult.atMost(
        "kafka_lag",
        "bronze",
        lag.total(),
        config.thresholds().kafkaLag(),
        Map.of(
            "topic", config.kafka().topic(),
            "lag_per_partition", perPartition,
            "end_offsets", lag.endOffsets(),
            "committed", lag.committed()));
  }

  /**
   * The training baseline of the model {@code mlflow.alias} points to, from its training run's
   * artifacts.
   */
  public static DriftBaseline championBaseline(
      Optional<MlflowConnection> mlflow, MonitorConfig config) {
    MlflowConnection connection =
        mlflow.orElseThrow(() -> new IllegalStateException("MLflow is not reachable"));
    ModelVersion version =
        connection
            .registry()
            .versionForAlias(config.mlflow().registeredModelName(), config.mlflow().alias());
    String artifactUri = connection.run(version.runId()).artifactUri();
    return DriftBaseline.fromJson(
        connection.artifactStore(artifactUri).read(DriftBaseline.ARTIFACT_PATH));
  }

  private static Optional<AlertSender.Delivery> alert(
      MonitorConfig config,
      UnaryOperator<String> environment,
      String monitorRunId,
      List<CheckResult> breached) {
    String url = environment.apply(config.alert().webhookUrlEnv());
    if (url == null || url.isBlank()) {
      LOG.atWarn()
          .addKeyValue("breached", breached.size())
          .log(
              "{} checks breached; no alert webhook configured ({} unset)",
              breached.size(),
              config.alert().webhookUrlEnv());
      return Optional.empty();
    }
    String headline =
        "anomaly-pipeline monitor "
            + monitorRunId
            + ": "
            + breached.size()
            + " check(s) breached: "
            + String.join(", ", breached.stream().map(CheckResult::check).toList());
    AlertSender.Delivery delivery =
        new AlertSender(
                URI.create(url.strip()),
                config.alert().timeout(),
                config.alert().attempts(),
                Duration.ofSeconds(1))
            .send(AlertSender.payload(headline, breached));
    LOG.atInfo()
        .addKeyValue("delivered", delivery.delivered())
        .addKeyValue("attempts", delivery.attempts())
        .addKeyValue("outcome", delivery.outcome())
        .log("alert {}", delivery.delivered() ? "posted" : "NOT delivered");
    return Optional.of(delivery);
  }

  private static void write(
      SparkSession spark,
      StorageLayout storage,
      String monitorRunId,
      Instant now,
      List<CheckResult> checks) {
    String path = storage.tablePath(Tables.MONITOR_LOGS);
    MonitorLogsTable.DEFINITION.createIfNotExists(spark, path);
    List<Row> rows = new ArrayList<>();
    for (CheckResult check : checks) {
      rows.add(
          RowFactory.create(
              monitorRunId,
              Timestamp.from(now),
              check.check(),
              check.layer(),
              check.value(),
              check.threshold(),
              check.status(),
              json(check.details())));
    }
    spark
        .createDataFrame(rows, MonitorLogsTable.SCHEMA)
        .write()
        .format("delta")
        .mode("append")
        .save(path);
  }

  private static Map<String, Object> newestCommit(
      SparkSession spark, StorageLayout storage, String table) {
    Row latest =
        DeltaTable.forPath(spark, storage.tablePath(table))
            .history(1)
            .select("version", "timestamp")
            .head();
    return Map.of(
        "table_version", latest.getLong(0),
        "newest_commit", latest.getTimestamp(1).toInstant().toString());
  }

  private static String json(Map<String, Object> details) {
    try {
      return JSON.writeValueAsString(details);
    } catch (Exception e) {
      return "{\"error\":\"details not serialisable\"}";
    }
  }

  private static Dataset<Row> table(SparkSession spark, StorageLayout storage, String name) {
    String path = storage.tablePath(name);
    return DeltaTable.isDeltaTable(spark, path) ? spark.read().format("delta").load(path) : null;
  }
}
