package io.anomalypipe.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anomalypipe.common.schema.AuditHistoryTable;
import io.anomalypipe.common.schema.BenchmarkLogsTable;
import io.anomalypipe.common.schema.PipelineMetricsTable;
import io.anomalypipe.common.schema.SilverBatchAuditTable;
import io.anomalypipe.common.schema.Tables;
import io.anomalypipe.common.schema.TaskMetricsTable;
import io.anomalypipe.common.testing.KafkaBrokerExtension;
import io.anomalypipe.common.testing.LocalServices;
import io.anomalypipe.common.testing.MlflowServerExtension;
import io.anomalypipe.common.testing.SparkClusterExtension;
import io.anomalypipe.common.testing.SparkTestSession;
import io.anomalypipe.common.testing.WebhookReceiver;
import io.anomalypipe.generator.EventGenerator;
import io.anomalypipe.generator.GeneratorConfig;
import io.anomalypipe.generator.RecordKind;
import io.anomalypipe.generator.SentRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole DAG — generate → bronze → silver → train → gold — submitted as users submit it: {@code
 * bin/submit} (a real {@code spark-submit} of each job's shaded jar) with {@code --master
 * spark://...} against a standalone master with two workers, the real broker and MLflow server, and
 * {@code conf/local.conf} as the profile (whose {@code local[2]} master must lose to the submitted
 * one). Bronze runs in {@code --deploy-mode cluster} (its driver on a worker). Checked: the tables
 * against what the generator sent, exactly; the master's JSON lists each application as finished
 * with executors on the workers; the JSON log lines under spark-submit; no secret in any output.
 */
@ExtendWith({KafkaBrokerExtension.class, MlflowServerExtension.class, SparkClusterExtension.class})
class StandaloneClusterPipelineTest {

  /** Reads the tables the jobs wrote; the jobs themselves run on the cluster. */
  @RegisterExtension static final SparkTestSession SPARK = new SparkTestSession();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<RecordKind> EVENT_KINDS =
      Set.of(RecordKind.VALID, RecordKind.LATE, RecordKind.ANOMALY);
  private static final String SECRET = "do-not-log-" + UUID.randomUUID();

  @TempDir Path dir;

  @Test
  void theWholeDagRunsOnTheClusterFromTheShippedJarsAndGivesExactlyTheGeneratedEvents()
      throws Exception {
    long testStart = System.currentTimeMillis();
    String topic = KafkaBrokerExtension.createTopic("cluster-dag", 4);
    List<SentRecord> sent = generate(topic, 3_000);
    List<String> flags = jobFlags(topic);
    List<String> onCluster = List.of("--master", SparkClusterExtension.masterUrl());
    List<String> driverOnAWorker = new ArrayList<>(onCluster);
    driverOnAWorker.addAll(List.of("--deploy-mode", "cluster"));

    SparkSubmitRun bronze = submit(driverOnAWorker, "bronze", flags).succeeded();
    SparkSubmitRun silver = submit(onCluster, "silver", flags).succeeded();
    SparkSubmitRun train = submit(onCluster, "train", flags).succeeded();
    SparkSubmitRun gold = submit(onCluster, "gold", flags).succeeded();
    // the events lie two days back: freshness is held to three days here
    List<String> monitorFlags = new ArrayList<>(flags);
    monitorFlags.addAll(List.of("--monitor.thresholds.freshness", "3d"));
    SparkSubmitRun monitor = submit(onCluster, "monitor", monitorFlags).succeeded();

    // the tables, exactly what the generator's own record of what Kafka acknowledged says
    long malformed = sent.stream().filter(r -> r.kind() == RecordKind.MALFORMED).count();
    long distinctEvents =
        sent.stream()
            .filter(r -> EVENT_KINDS.contains(r.kind()))
            .map(SentRecord::eventId)
            .distinct()
            .count();
    assertThat(rows(Tables.BRONZE_EVENTS)).as("bronze_events").isEqualTo(sent.size());
    assertThat(rows(Tables.SILVER_EVENTS)).as("silver_events").isEqualTo(distinctEvents);
    assertThat(rows(Tables.SILVER_QUARANTINE)).as("silver_quarantine").isEqualTo(malformed);
    assertThat(rows(Tables.GOLD_EVENTS_SCORED)).as("gold_events_scored").isEqualTo(distinctEvents);
    assertThat(rows(Tables.GOLD_ANOMALY_PREDICTIONS))
        .as("gold_anomaly_predictions")
        .isEqualTo(distinctEvents);
    assertThat(
            table(Tables.SILVER_BATCH_AUDIT)
                .where(SilverBatchAuditTable.RECONCILED + " = false")
                .count())
        .as("every Silver batch reconciled")
        .isZero();

    // the one plain line each job ends with (Bronze's is on the worker that ran its driver)
    assertThat(silver.stdout())
        .contains(String.format("silver: %,d Bronze records", sent.size()))
        .contains(String.format("%,d events inserted", distinctEvents));
    assertThat(train.stdout())
        .contains(String.format("trained on %,d Silver rows", distinctEvents));
    assertThat(gold.stdout()).contains(String.format("scored %,d events", distinctEvents));

    assertThat(monitor.stdout()).contains("0 BREACH");
    assertABreachedMonitorPostsOneAlertAndFails(monitorFlags);

    assertRanOnTheWorkers(testStart);
    assertJsonLogsWithTheBatchFigures(silver);
    assertMetricsTables(silver);
    assertLineageQueries(sent);
    for (String metrics :
        List.of(
            Tables.PIPELINE_METRICS,
            Tables.TASK_METRICS,
            Tables.BENCHMARK_LOGS,
            Tables.MONITOR_LOGS,
            Tables.AUDIT_HISTORY)) {
      assertThat(
              table(metrics)
                  .toJSON()
                  .filter(
                      (org.apache.spark.api.java.function.FilterFunction<String>)
                          row -> row.contains(SECRET))
                  .count())
          .as("rows of %s holding a secret (the webhook URL's token included)", metrics)
          .isZero();
    }
    for (SparkSubmitRun run : List.of(bronze, silver, train, gold, monitor)) {
      assertThat(run.stdout() + run.stderr()).as("%s output", run.command()).doesNotContain(SECRET);
    }
  }

  @Test
  void aJobThatFailsMakesTheSubmissionFailInClientAndClusterMode() throws Exception {
    List<String> badProfile = List.of("--config", "conf/no-such-profile.conf");

    SparkSubmitRun client = submit(List.of(), "bronze", badProfile);
    SparkSubmitRun cluster =
        submit(
            List.of("--master", SparkClusterExtension.masterUrl(), "--deploy-mode", "cluster"),
            "bronze",
            badProfile);

    assertThat(client.exitCode()).as("bad configuration: exit code 2").isEqualTo(2);
    assertThat(client.stderr())
        .contains("Config profile 'conf/no-such-profile.conf' does not exist");
    assertThat(cluster.exitCode())
        .as("spark-submit itself exits 0 when a cluster-mode driver fails; bin/submit must not")
        .isNotZero();
    assertThat(cluster.stderr()).containsPattern("State of driver [^ ]+ is FAILED");
  }

  private void assertRanOnTheWorkers(long since) throws IOException {
    StandaloneMaster master = new StandaloneMaster(SparkClusterExtension.masterWebUi());
    List<StandaloneMaster.Application> apps = master.completedApplications(since);
    assertThat(apps)
        .extracting(StandaloneMaster.Application::name)
        .as("the conf/local.conf master local[2] lost to --master spark://: all four ran here")
        .contains("bronze-job", "silver-job", "training-job", "gold-scoring-job");
    List<String> workers = master.aliveWorkers();
    assertThat(workers).as("two workers").hasSize(2);
    for (StandaloneMaster.Application app : apps) {
      assertThat(app.state()).as("%s", app).isEqualTo("FINISHED");
      assertThat(master.workersThatRanExecutorsOf(app.id()))
          .as("executors of %s ran on the cluster's workers", app)
          .isNotEmpty()
          .allSatisfy(worker -> assertThat(workers).contains(worker));
    }
    List<JsonNode> drivers = master.completedDrivers();
    assertThat(drivers)
        .as("Bronze's driver ran on a worker (--deploy-mode cluster) and finished")
        .anySatisfy(
            driver -> {
              assertThat(driver.path("state").asText()).isEqualTo("FINISHED");
              assertThat(driver.path("mainclass").asText())
                  .isEqualTo("io.anomalypipe.bronze.BronzeJob");
              assertThat(driver.path("starttime").asLong()).isGreaterThanOrEqualTo(since);
            });
  }

  /**
   * The lineage queries of {@code sql/lineage/} on the real tables: a Gold event leads back to the
   * Bronze commit, the Silver batch and version, and the Gold commit that made it.
   */
  private void assertLineageQueries(List<SentRecord> sent) throws IOException {
    SparkSession spark = SPARK.session();
    String eventId =
        sent.stream()
            .filter(r -> r.kind() == RecordKind.VALID)
            .map(SentRecord::eventId)
            .findFirst()
            .orElseThrow();
    Map<String, String> variables =
        Map.of(
            "gold_events_scored", tablePath(Tables.GOLD_EVENTS_SCORED),
            "silver_batch_audit", tablePath(Tables.SILVER_BATCH_AUDIT),
            "audit_history", tablePath(Tables.AUDIT_HISTORY),
            "event_id", eventId);
    variables.forEach(spark.conf()::set);
    try {
      Path lineage = LocalServices.repoRoot().resolve("sql/lineage");
      List<Row> event =
          spark
              .sql(java.nio.file.Files.readString(lineage.resolve("gold_event_lineage.sql")))
              .collectAsList();
      assertThat(event).hasSize(1);
      Row row = event.get(0);
      assertThat(row.<String>getAs("event_id")).isEqualTo(eventId);
      assertThat(row.<Long>getAs("bronze_version")).as("Bronze commit").isNotNull();
      assertThat(row.<Long>getAs("silver_version")).as("Silver version").isNotNull();
      assertThat(row.<Long>getAs("gold_events_scored_version")).as("Gold commit").isNotNull();
      assertThat(
              spark
                  .sql(java.nio.file.Files.readString(lineage.resolve("table_versions.sql")))
                  .count())
          .isEqualTo(table(Tables.AUDIT_HISTORY).count());
    } finally {
      variables.keySet().forEach(spark.conf()::unset);
    }
  }

  private String tablePath(String table) {
    return dir.resolve("tables").resolve(table).toString();
  }

  /** The same monitor held to a zero anomaly rate: one alert to the webhook, exit code 1. */
  private void assertABreachedMonitorPostsOneAlertAndFails(List<String> monitorFlags)
      throws Exception {
    List<String> strict = new ArrayList<>(monitorFlags);
    strict.addAll(List.of("--monitor.thresholds.anomaly-rate", "0"));
    try (WebhookReceiver receiver = new WebhookReceiver(200, Duration.ZERO)) {
      SparkSubmitRun monitor =
          SparkSubmitRun.of(
              dir,
              Map.of("PIPELINE_ALERT_WEBHOOK_URL", receiver.url(SECRET)),
              List.of(),
              "monitor",
              strict);

      assertThat(monitor.exitCode()).as(monitor.tail()).isEqualTo(1);
      assertThat(monitor.stdout()).contains("anomaly_rate").contains("alert posted");
      assertThat(receiver.bodies()).as("exactly one alert").hasSize(1);
      assertThat(receiver.bodies().get(0)).contains("anomaly_rate");
      assertThat(monitor.stdout() + monitor.stderr()).doesNotContain(SECRET);
    }
  }

  /**
   * Every job run of the DAG left its metrics: one pipeline_metrics row per micro-batch the job
   * logged, task metrics with CPU time, its steps and its whole run in benchmark_logs, and every
   * pipeline table's versions in audit_history, each once.
   */
  private void assertMetricsTables(SparkSubmitRun silver) throws IOException {
    long silverBatches =
        silver.stderr().lines().filter(line -> line.contains("\"micro-batch completed\"")).count();
    assertThat(
            table(Tables.PIPELINE_METRICS)
                .where(PipelineMetricsTable.JOB + " = 'silver-job'")
                .count())
        .as("one row per micro-batch Silver reported")
        .isEqualTo(silverBatches)
        .isPositive();
    for (String job : List.of("bronze-job", "silver-job", "training-job", "gold-scoring-job")) {
      Row stages =
          table(Tables.TASK_METRICS)
              .where(TaskMetricsTable.JOB + " = '" + job + "'")
              .selectExpr(
                  "count(*)",
                  "sum(" + TaskMetricsTable.EXECUTOR_CPU_TIME_MS + ")",
                  "sum("
                      + TaskMetricsTable.INPUT_RECORDS
                      + " + "
                      + TaskMetricsTable.SHUFFLE_READ_RECORDS
                      + ")")
              .head();
      assertThat(stages.getLong(0)).as("%s stages", job).isPositive();
      assertThat(stages.getLong(1)).as("%s CPU", job).isPositive();
      assertThat(stages.getLong(2)).as("%s records read", job).isPositive();
      assertThat(
              table(Tables.BENCHMARK_LOGS)
                  .where(
                      BenchmarkLogsTable.JOB
                          + " = '"
                          + job
                          + "' and "
                          + BenchmarkLogsTable.STEP
                          + " = '"
                          + BenchmarkLogsTable.RUN_STEP
                          + "'")
                  .count())
          .as("%s run step", job)
          .isEqualTo(1);
    }
    assertThat(
            table(Tables.BENCHMARK_LOGS)
                .where(BenchmarkLogsTable.JOB + " = 'silver-job'")
                .select(BenchmarkLogsTable.STEP)
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList())
        .contains("tally_ms", "quarantine_ms", "merge_ms", "audit_ms");
    Dataset<Row> audit = table(Tables.AUDIT_HISTORY);
    for (String name : Tables.PIPELINE_DATA_TABLES) {
      long versions =
          io.delta.tables.DeltaTable.forPath(
                  SPARK.session(), dir.resolve("tables").resolve(name).toString())
              .history()
              .count();
      assertThat(audit.where(AuditHistoryTable.TABLE_NAME + " = '" + name + "'").count())
          .as("%s: every version, once", name)
          .isEqualTo(versions);
    }
  }

  /**
   * Under spark-submit the job's log is conf/log4j2-json.xml's JSON lines: every line of the job's
   * own logger parses, and the batch line carries the figures as fields.
   */
  private static void assertJsonLogsWithTheBatchFigures(SparkSubmitRun silver) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : silver.stderr().lines().toList()) {
      if (line.startsWith("{")) {
        lines.add(JSON.readTree(line));
      }
    }
    assertThat(lines).as("JSON log lines").isNotEmpty();
    JsonNode batch =
        lines.stream()
            .filter(line -> line.path("message").asText().equals("silver batch written"))
            .findFirst()
            .orElseThrow(
                () -> new AssertionError("no 'silver batch written' line:\n" + silver.tail()));
    JsonNode fields = batch.path("contextMap");
    assertThat(fields.path("job").asText()).isEqualTo("silver-job");
    assertThat(fields.path("layer").asText()).isEqualTo("silver");
    assertThat(fields.path("run_id").asText()).isNotBlank();
    assertThat(fields.path("batch_id").asText()).isEqualTo("0");
    assertThat(Long.parseLong(fields.path(SilverBatchAuditTable.BRONZE_ROWS).asText()))
        .isPositive();
    assertThat(Long.parseLong(fields.path(SilverBatchAuditTable.INSERTED_ROWS).asText()))
        .isPositive();
    assertThat(
            lines.stream()
                .filter(line -> line.path("message").asText().equals("micro-batch completed"))
                .map(line -> line.path("contextMap"))
                .collect(Collectors.toList()))
        .as("the streaming progress lines, with the job's fields and the rows read")
        .isNotEmpty()
        .allSatisfy(
            fields2 -> {
              assertThat(fields2.path("job").asText()).isEqualTo("silver-job");
              assertThat(fields2.path("num_input_rows").asText()).isNotBlank();
            });
  }

  private List<SentRecord> generate(String topic, long count) {
    return EventGenerator.runToKafkaCollecting(
        GeneratorConfig.fromArgs(
            "--kafka.bootstrap-servers",
            KafkaBrokerExtension.bootstrapServers(),
            "--kafka.topic",
            topic,
            "--generator.count",
            Long.toString(count),
            "--generator.seed",
            "11",
            "--generator.start-time",
            Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(2)).toString(),
            "--generator.simulated-span",
            "1d",
            "--generator.progress-interval",
            "1h"));
  }

  /** The repository's local profile, pointed at this test's topic, folders and model name. */
  private List<String> jobFlags(String topic) {
    return List.of(
        "--config",
        LocalServices.repoRoot().resolve("conf/local.conf").toString(),
        "--kafka.bootstrap-servers",
        KafkaBrokerExtension.bootstrapServers(),
        "--kafka.topic",
        topic,
        "--storage.tables-root",
        dir.resolve("tables").toString(),
        "--storage.checkpoints-root",
        dir.resolve("checkpoints").toString(),
        "--mlflow.tracking-uri",
        MlflowServerExtension.trackingUri(),
        "--mlflow.experiment-name",
        "cluster-dag-" + UUID.randomUUID(),
        "--mlflow.registered-model-name",
        "cluster-dag-" + UUID.randomUUID());
  }

  /** bin/submit with every secret channel the jobs read set to a marker value. */
  private SparkSubmitRun submit(List<String> submitOptions, String step, List<String> flags)
      throws IOException, InterruptedException {
    return SparkSubmitRun.of(
        dir,
        Map.of(
            "KAFKA_SASL_USERNAME", SECRET,
            "KAFKA_SASL_PASSWORD", SECRET,
            "KAFKA_TRUSTSTORE_PASSWORD", SECRET,
            "DATABRICKS_TOKEN", SECRET),
        submitOptions,
        step,
        flags);
  }

  private long rows(String table) {
    return table(table).count();
  }

  private Dataset<Row> table(String table) {
    SparkSession spark = SPARK.session();
    return spark.read().format("delta").load(dir.resolve("tables").resolve(table).toString());
  }
}
