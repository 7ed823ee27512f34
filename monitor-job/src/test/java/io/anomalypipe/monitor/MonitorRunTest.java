package io.anomalypipe.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anomalypipe.common.config.CommandLine;
import io.anomalypipe.common.config.ConfigReader;
import io.anomalypipe.common.config.PipelineConfigLoader;
import io.anomalypipe.common.features.EventFeatures;
import io.anomalypipe.common.schema.MonitorLogsTable;
import io.anomalypipe.common.schema.Tables;
import io.anomalypipe.common.testing.KafkaBrokerExtension;
import io.anomalypipe.common.testing.SparkTestSession;
import io.anomalypipe.common.testing.WebhookReceiver;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor over crafted pipeline tables, a real Kafka topic and a local alert receiver: a
 * healthy pipeline passes every check and alerts nobody; each kind of breach — stale data, a
 * quarantine surge, an anomaly-rate spike, a drifted feature — is recorded as BREACH and posts
 * exactly one alert; a receiver that is down or slow neither hangs the monitor nor goes unrecorded;
 * the webhook's token appears in no row.
 */
@ExtendWith(KafkaBrokerExtension.class)
class MonitorRunTest {

  @RegisterExtension static final SparkTestSession SPARK = new SparkTestSession();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "T0KEN-" + java.util.UUID.randomUUID();
  private static final long RECORDS_PER_PARTITION = 25;
  private static String topic;

  @TempDir Path dir;

  /** A topic with 25 records in each of 4 partitions: Bronze's checkpoint says how many it read. */
  @BeforeAll
  static void topicWithRecords() throws Exception {
    topic =
        KafkaBrokerExtension.createTopic(CraftedPipeline.TOPIC_PREFIX, CraftedPipeline.PARTITIONS);
    Properties properties = new Properties();
    properties.put("bootstrap.servers", KafkaBrokerExtension.bootstrapServers());
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
      for (int p = 0; p < CraftedPipeline.PARTITIONS; p++) {
        for (int i = 0; i < RECORDS_PER_PARTITION; i++) {
          producer.send(new ProducerRecord<>(topic, p, "k", "v")).get();
        }
      }
    }
  }

  @Test
  void aHealthyPipelinePassesEveryCheckAndAlertsNobody() throws Exception {
    Instant now = Instant.now();
    try (WebhookReceiver receiver = new WebhookReceiver(200, Duration.ZERO)) {
      MonitorRun.Outcome outcome =
          run(
              CraftedPipeline.healthy(now).withCommittedPerPartition(RECORDS_PER_PARTITION),
              receiver.url(TOKEN),
              now);

      assertThat(outcome.breached()).as(MonitorJob.describe(outcome)).isEmpty();
      assertThat(receiver.bodies()).as("no alert").isEmpty();
      assertThat(outcome.alert()).isEmpty();
      assertThat(check(outcome, "kafka_lag").value()).isZero();
      assertThat(check(outcome, "freshness_silver").value()).isBetween(590.0, 700.0);
      assertThat(check(outcome, "quarantine_rate").value()).isBetween(0.0, 0.02);
      assertThat(check(outcome, "latency_p95").value())
          .as("about two minutes")
          .isBetween(60.0, 200.0);
      assertThat(check(outcome, "drift_psi_" + EventFeatures.names().get(0)).value())
          .isLessThan(0.01);
      assertThat(outcome.checks())
          .as("every check measured")
          .allSatisfy(c -> assertThat(c.status()).as(c.check()).isEqualTo(MonitorLogsTable.OK));
      assertThat(logged(outcome.monitorRunId())).hasSize(outcome.checks().size());
    }
  }

  @Test
  void kafkaLagIsTheTopicsEndMinusWhatBronzeCommittedPerPartition() throws Exception {
    Instant now = Instant.now();
    MonitorRun.Outcome outcome =
        run(
            CraftedPipeline.healthy(now).withCommittedPerPartition(RECORDS_PER_PARTITION - 10),
            "",
            now);

    CheckResult lag = check(outcome, "kafka_lag");
    assertThat(lag.value()).isEqualTo(40.0);
    assertThat(lag.status()).as("below the default limit").isEqualTo(MonitorLogsTable.OK);
    assertThat(JSON.valueToTree(lag.details()).path("lag_per_partition").path("3").asLong())
        .isEqualTo(10);
  }

  @Test
  void staleDataBreachesFreshnessAndPostsOneAlert() throws Exception {
    Instant now = Instant.now();
    assertOneAlertFor(
        CraftedPipeline.healthy(now).withNewest(now.minus(Duration.ofDays(3))),
        now,
        "freshness_bronze",
        "freshness_silver",
        "freshness_gold");
  }

  @Test
  void aQuarantineSurgeBreachesTheQuarantineRate() throws Exception {
    Instant now = Instant.now();
    assertOneAlertFor(
        CraftedPipeline.healthy(now).withQuarantineShare(0.25), now, "quarantine_rate");
  }

  @Test
  void anAnomalyRateSpikeBreaches() throws Exception {
    Instant now = Instant.now();
    assertOneAlertFor(CraftedPipeline.healthy(now).withFlaggedShare(0.2), now, "anomaly_rate");
  }

  @Test
  void shiftedFeatureValuesBreachTheDriftIndex() throws Exception {
    Instant now = Instant.now();
    MonitorRun.Outcome outcome =
        assertOneAlertFor(
            CraftedPipeline.healthy(now).withFeatureShift(0.5),
            now,
            "drift_psi_" + EventFeatures.names().get(0));
    assertThat(check(outcome, "drift_psi_anomaly_score").status())
        .as("the score did not move")
        .isEqualTo(MonitorLogsTable.OK);
  }

  @Test
  void aReceiverThatIsDownNeitherHangsTheMonitorNorGoesUnrecorded() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Instant now = Instant.now();
    long start = System.nanoTime();
    MonitorRun.Outcome outcome =
        run(
            CraftedPipeline.healthy(now).withFlaggedShare(0.2),
            "http://127.0.0.1:" + closedPort + "/hooks/" + TOKEN,
            now);

    assertThat(outcome.alert()).hasValueSatisfying(d -> assertThat(d.delivered()).isFalse());
    CheckResult delivery = check(outcome, MonitorRun.ALERT_DELIVERY);
    assertThat(delivery.status()).isEqualTo(MonitorLogsTable.BREACH);
    assertThat(delivery.value()).as("attempts").isEqualTo(2.0);
    assertThat(logged(outcome.monitorRunId()))
        .extracting(row -> row.<String>getAs(MonitorLogsTable.CHECK))
        .contains(MonitorRun.ALERT_DELIVERY);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMinutes(2));
  }

  @Test
  void aSlowReceiverIsGivenUpOnWithinTheTimeouts() throws Exception {
    Instant now = Instant.now();
    try (WebhookReceiver slow = new WebhookReceiver(200, Duration.ofSeconds(20))) {
      MonitorRun.Outcome outcome =
          run(CraftedPipeline.healthy(now).withFlaggedShare(0.2), slow.url(TOKEN), now);

      AlertSender.Delivery delivery = outcome.alert().orElseThrow();
      assertThat(delivery.delivered()).isFalse();
      assertThat(delivery.outcome()).contains("Timeout");
      assertThat(check(outcome, MonitorRun.ALERT_DELIVERY).status())
          .isEqualTo(MonitorLogsTable.BREACH);
    }
  }

  @Test
  void theAlertSenderGivesUpWithinAttemptsTimesTimeoutAndPause() throws Exception {
    try (WebhookReceiver slow = new WebhookReceiver(200, Duration.ofSeconds(20))) {
      long start = System.nanoTime();
      AlertSender.Delivery delivery =
          new AlertSender(
                  java.net.URI.create(slow.url(TOKEN)),
                  Duration.ofSeconds(1),
                  3,
                  Duration.ofMillis(100))
              .send("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));

      assertThat(delivery.delivered()).isFalse();
      assertThat(delivery.attempts()).isEqualTo(3);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .as("3 × (1 s + pause), not the receiver's 20 s")
          .isLessThan(Duration.ofSeconds(8));
    }
  }

  private MonitorRun.Outcome assertOneAlertFor(
      CraftedPipeline pipeline, Instant now, String... breachedChecks) throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver(200, Duration.ZERO)) {
      MonitorRun.Outcome outcome = run(pipeline, receiver.url(TOKEN), now);

      assertThat(outcome.breached())
          .extracting(CheckResult::check)
          .as(MonitorJob.describe(outcome))
          .contains(breachedChecks);
      assertThat(receiver.bodies()).as("exactly one alert").hasSize(1);
      JsonNode alert = JSON.readTree(receiver.bodies().get(0));
      assertThat(alert.path("text").asText()).contains(breachedChecks);
      assertThat(alert.path("attachments").get(0).path("fields").size())
          .isEqualTo(outcome.breached().size());
      assertThat(check(outcome, MonitorRun.ALERT_DELIVERY).status()).isEqualTo(MonitorLogsTable.OK);
      List<Row> rows = logged(outcome.monitorRunId());
      assertThat(rows)
          .filteredOn(
              row -> row.<String>getAs(MonitorLogsTable.STATUS).equals(MonitorLogsTable.BREACH))
          .extracting(row -> row.<String>getAs(MonitorLogsTable.CHECK))
          .contains(breachedChecks);
      assertThat(rows.toString()).as("the webhook's token is in no row").doesNotContain(TOKEN);
      return outcome;
    }
  }

  private MonitorRun.Outcome run(CraftedPipeline pipeline, String webhook, Instant now)
      throws Exception {
    Path tables = dir.resolve("tables");
    Path checkpoints = dir.resolve("checkpoints");
    pipeline.write(SPARK.session(), tables, checkpoints, topic);
    MonitorConfig config =
        MonitorConfig.fromConfig(
            ConfigReader.of(
                PipelineConfigLoader.load(
                    CommandLine.parse(
                        "--storage.tables-root",
                        tables.toString(),
                        "--storage.checkpoints-root",
                        checkpoints.toString(),
                        "--kafka.bootstrap-servers",
                        KafkaBrokerExtension.bootstrapServers(),
                        "--kafka.topic",
                        topic,
                        "--monitor.alert.attempts",
                        "2",
                        "--monitor.alert.timeout",
                        "1s"))));
    Map<String, String> environment = Map.of("PIPELINE_ALERT_WEBHOOK_URL", webhook);
    UnaryOperator<String> env = environment::get;
    return MonitorRun.run(
        SPARK.session(),
        config,
        pipeline::baseline,
        env,
        java.util.UUID.randomUUID().toString(),
        now);
  }

  private List<Row> logged(String monitorRunId) {
    return SPARK
        .session()
        .read()
        .format("delta")
        .load(dir.resolve("tables").resolve(Tables.MONITOR_LOGS).toString())
        .where(
            org.apache
                .spark
                .sql
                .functions
                .col(MonitorLogsTable.MONITOR_RUN_ID)
                .equalTo(monitorRunId))
        .collectAsList();
  }

  private static CheckResult check(MonitorRun.Outcome outcome, String name) {
    return outcome.checks().stream()
        .filter(c -> c.check().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no check " + name + " in " + outcome.checks()));
  }
}
