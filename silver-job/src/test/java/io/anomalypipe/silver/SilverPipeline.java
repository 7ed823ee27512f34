package io.anomalypipe.silver;

import static org.assertj.core.api.Assertions.assertThat;

import io.anomalypipe.bronze.BronzeConfig;
import io.anomalypipe.bronze.BronzeJob;
import io.anomalypipe.common.config.CommandLine;
import io.anomalypipe.common.config.ConfigReader;
import io.anomalypipe.common.config.PipelineConfigLoader;
import io.anomalypipe.common.schema.SilverBatchAuditTable;
import io.anomalypipe.common.schema.SilverQuarantineTable;
import io.anomalypipe.common.schema.SilverTable;
import io.anomalypipe.common.testing.KafkaBrokerExtension;
import io.anomalypipe.common.testing.SparkTestSession;
import io.anomalypipe.generator.EventGenerator;
import io.anomalypipe.generator.GenerationSummary;
import io.anomalypipe.generator.GeneratorConfig;
import io.anomalypipe.generator.RecordKind;
import io.anomalypipe.generator.SentRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * The whole path for integration tests: the generator into a real Kafka topic, Bronze, Silver; and
 * the checks of what Silver made of it against what the generator says it sent.
 */
final class SilverPipeline {

  /** Well-formed kinds: the events Silver must hold, once each. */
  static final Set<RecordKind> EVENT_KINDS =
      Set.of(RecordKind.VALID, RecordKind.LATE, RecordKind.ANOMALY);

  private SilverPipeline() {}

  /**
   * Produces {@code count} generated records (duplicates, malformed records of every kind, late
   * events, anomalies) whose event time starts at {@code start}, and returns those Kafka acked.
   */
  static List<SentRecord> produce(String topic, long count, long seed, Instant start) {
    return generate(
            topic,
            "--generator.count",
            Long.toString(count),
            "--generator.seed",
            Long.toString(seed),
            "--generator.start-time",
            start.toString(),
            "--generator.malformed-rate",
            "0.05",
            "--generator.duplicate-rate",
            "0.05",
            "--generator.late-rate",
            "0.02",
            "--generator.anomaly-rate",
            "0.02")
        .sent();
  }

  /** A generator run: its own tally, and every record Kafka acknowledged, in that order. */
  record Generated(GenerationSummary summary, List<SentRecord> sent) {}

  /**
   * Runs the generator into the topic with the given flags (the generator's defaults otherwise, as
   * {@code bin/generate} would), without progress lines.
   */
  static Generated generate(String topic, String... generatorFlags) {
    List<String> args = new ArrayList<>();
    Collections.addAll(
        args,
        "--kafka.bootstrap-servers",
        KafkaBrokerExtension.bootstrapServers(),
        "--kafka.topic",
        topic,
        "--generator.progress-interval",
        "1h");
    Collections.addAll(args, generatorFlags);
    List<SentRecord> sent = Collections.synchronizedList(new ArrayList<>());
    GenerationSummary summary =
        EventGenerator.runToKafka(GeneratorConfig.fromArgs(args.toArray(String[]::new)), sent::add);
    assertThat(sent).as("records reported acknowledged").hasSize((int) summary.acknowledged());
    return new Generated(summary, List.copyOf(sent));
  }

  /** A start of event time a few days back: well inside the default max-event-age. */
  static Instant daysAgo(int days) {
    return Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(days));
  }

  /** Flags shared by Bronze and Silver: the topic, the test's folders, a small local Spark. */
  static List<String> flags(String topic, Path dir, String... extra) {
    List<String> flags = new ArrayList<>();
    Collections.addAll(
        flags,
        "--kafka.bootstrap-servers",
        KafkaBrokerExtension.bootstrapServers(),
        "--kafka.topic",
        topic,
        "--storage.tables-root",
        dir.resolve("tables").toString(),
        "--storage.checkpoints-root",
        dir.resolve("checkpoints").toString(),
        "--spark.master",
        "local[2]");
    SparkTestSession.TEST_CONF.forEach(
        (key, value) -> Collections.addAll(flags, "--spark.conf." + key, value));
    Collections.addAll(flags, extra);
    return flags;
  }

  static BronzeConfig bronzeConfig(List<String> flags) {
    return BronzeConfig.fromConfig(load(flags));
  }

  static SilverConfig silverConfig(List<String> flags) {
    return SilverConfig.fromConfig(load(flags));
  }

  private static ConfigReader load(List<String> flags) {
    return ConfigReader.of(
        PipelineConfigLoader.load(CommandLine.parse(flags.toArray(String[]::new))));
  }

  static void runBronze(SparkSession spark, BronzeConfig config) throws Exception {
    awaitEnd(BronzeJob.start(spark, config, name -> null));
  }

  static void runSilver(SparkSession spark, SilverConfig config, String runId) throws Exception {
    awaitEnd(SilverJob.start(spark, config, runId));
  }

  private static void awaitEnd(StreamingQuery query) throws Exception {
    try {
      assertThat(query.awaitTermination(TimeUnit.MINUTES.toMillis(3)))
          .as("availableNow ends by itself")
          .isTrue();
    } finally {
      query.stop();
    }
  }

  static String coordinates(int partition, long offset) {
    return partition + "/" + offset;
  }

  /**
   * silver_events holds exactly one row per distinct well-formed event sent, with the fields of its
   * payload, and its lineage points at a Kafka record that carried it.
   */
  static void assertSilverHoldsExactlyTheDistinctEvents(
      SparkSession spark, SilverConfig config, List<SentRecord> sent) {
    Map<String, SentRecord> firstCopy = new LinkedHashMap<>();
    Map<String, Set<String>> copies = new HashMap<>();
    for (SentRecord record : sent) {
      if (EVENT_KINDS.contains(record.kind()) || record.kind() == RecordKind.DUPLICATE) {
        copies
            .computeIfAbsent(record.eventId(), id -> new HashSet<>())
            .add(coordinates(record.partition(), record.offset()));
      }
      if (EVENT_KINDS.contains(record.kind())) {
        assertThat(firstCopy.putIfAbsent(record.eventId(), record))
            .as("the generator sends each event once as a non-duplicate")
            .isNull();
      }
    }
    assertThat(sent)
        .filteredOn(r -> r.kind() == RecordKind.DUPLICATE)
        .as("duplicates repeat events that were sent")
        .isNotEmpty()
        .allSatisfy(r -> assertThat(firstCopy).containsKey(r.eventId()));

    List<Row> rows = spark.read().format("delta").load(config.silverTablePath()).collectAsList();
    assertThat(rows).as("one row per distinct event").hasSize(firstCopy.size());
    for (Row row : rows) {
      String eventId = row.getAs(SilverTable.EVENT_ID);
      SentRecord original = firstCopy.remove(eventId);
      assertThat(original).as("silver row %s was sent and appears once", eventId).isNotNull();
      var payload = ExpectedRules.parse(original);
      assertThat(row.<String>getAs(SilverTable.USER_ID)).isEqualTo(payload.get("user_id").asText());
      assertThat(row.<String>getAs(SilverTable.SESSION_ID))
          .isEqualTo(payload.get("session_id").asText());
      assertThat(row.<String>getAs(SilverTable.EVENT_TYPE))
          .isEqualTo(payload.get("event_type").asText());
      assertThat(row.<Long>getAs(SilverTable.EVENT_TIME_MILLIS))
          .isEqualTo(payload.get("timestamp").asLong());
      assertThat(row.<Double>getAs(SilverTable.VALUE)).isEqualTo(payload.get("value").asDouble());
      assertThat(row.<String>getAs(SilverTable.PAGE)).isEqualTo(payload.get("page").asText());
      assertThat(row.<String>getAs(SilverTable.COUNTRY)).isEqualTo(payload.get("country").asText());
      assertThat(
              coordinates(
                  row.<Integer>getAs(SilverTable.KAFKA_PARTITION),
                  row.<Long>getAs(SilverTable.KAFKA_OFFSET)))
          .as("lineage of %s", eventId)
          .isIn(copies.get(eventId));
    }
    assertThat(firstCopy).as("sent but not in Silver").isEmpty();
  }

  /** silver_quarantine holds each malformed record sent, once, with the rules its kind breaks. */
  static void assertQuarantineHoldsExactlyTheMalformedRecords(
      SparkSession spark, SilverConfig config, List<SentRecord> sent) {
    Map<String, SentRecord> malformed = new HashMap<>();
    sent.stream()
        .filter(r -> r.kind() == RecordKind.MALFORMED)
        .forEach(r -> malformed.put(coordinates(r.partition(), r.offset()), r));
    List<Row> rows =
        spark.read().format("delta").load(config.quarantineTablePath()).collectAsList();
    assertThat(rows).hasSize(malformed.size());
    for (Row row : rows) {
      String at =
          coordinates(
              row.<Integer>getAs(SilverQuarantineTable.KAFKA_PARTITION),
              row.<Long>getAs(SilverQuarantineTable.KAFKA_OFFSET));
      SentRecord record = malformed.remove(at);
      assertThat(record)
          .as("quarantined record at %s was malformed and is there once", at)
          .isNotNull();
      assertThat(row.<String>getList(row.fieldIndex(SilverQuarantineTable.FAILED_RULES)))
          .as("rules of %s", record)
          .isEqualTo(ExpectedRules.of(record));
      assertThat((byte[]) row.getAs(SilverQuarantineTable.PAYLOAD)).isEqualTo(record.value());
    }
    assertThat(malformed).as("malformed but not quarantined").isEmpty();
  }

  /**
   * One audit row per batch, each reconciled, and together they account for every Bronze row, every
   * Silver row and every quarantined row: no batch counted twice.
   */
  static List<Row> assertAuditReconciles(SparkSession spark, SilverConfig config) {
    List<Row> audit = spark.read().format("delta").load(config.auditTablePath()).collectAsList();
    assertThat(audit).isNotEmpty();
    assertThat(
            audit.stream()
                .map(
                    r ->
                        r.<String>getAs(SilverBatchAuditTable.QUERY_ID)
                            + "#"
                            + r.<Long>getAs(SilverBatchAuditTable.BATCH_ID))
                .distinct()
                .count())
        .as("one row per batch")
        .isEqualTo(audit.size());
    assertThat(audit)
        .allSatisfy(
            r ->
                assertThat(r.<Boolean>getAs(SilverBatchAuditTable.RECONCILED))
                    .as("%s", r)
                    .isTrue());
    assertThat(sum(audit, SilverBatchAuditTable.BRONZE_ROWS))
        .isEqualTo(spark.read().format("delta").load(config.bronzeTablePath()).count());
    assertThat(sum(audit, SilverBatchAuditTable.INSERTED_ROWS))
        .isEqualTo(spark.read().format("delta").load(config.silverTablePath()).count());
    assertThat(sum(audit, SilverBatchAuditTable.QUARANTINED_ROWS))
        .isEqualTo(spark.read().format("delta").load(config.quarantineTablePath()).count());
    return audit;
  }

  static long sum(List<Row> audit, String column) {
    return audit.stream().mapToLong(r -> r.<Long>getAs(column)).sum();
  }

  static long count(List<SentRecord> sent, RecordKind kind) {
    return sent.stream().filter(r -> r.kind() == kind).count();
  }

  static List<SentRecord> concat(List<SentRecord> first, List<SentRecord> second) {
    return Stream.concat(first.stream(), second.stream()).toList();
  }
}
