package io.anomalypipe.silver;

import static io.anomalypipe.silver.SilverPipeline.sum;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.unix_millis;
import static org.assertj.core.api.Assertions.assertThat;

import io.anomalypipe.common.schema.BronzeTable;
import io.anomalypipe.common.schema.SilverBatchAuditTable;
import io.anomalypipe.common.schema.SilverTable;
import io.anomalypipe.common.testing.KafkaBrokerExtension;
import io.anomalypipe.common.testing.SparkTestSession;
import io.anomalypipe.generator.MalformedKind;
import io.anomalypipe.generator.RecordKind;
import io.anomalypipe.generator.SentRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Generator → real Kafka broker → Bronze → Silver, checked against what the generator sent. */
@ExtendWith(KafkaBrokerExtension.class)
class SilverPipelineIntegrationTest {

  @RegisterExtension static final SparkTestSession SPARK = new SparkTestSession();

  @TempDir Path dir;

  @Test
  void silverHoldsTheDistinctValidEventsAndTheQuarantineTheMalformedOnesWithTheirRules()
      throws Exception {
    String topic = KafkaBrokerExtension.createTopic("silver-exact", 4);
    List<SentRecord> sent = SilverPipeline.produce(topic, 2_000, 7, SilverPipeline.daysAgo(3));
    // Bronze writes a file per Kafka partition; two files per Silver micro-batch make two batches
    List<String> flags = SilverPipeline.flags(topic, dir, "--silver.max-files-per-trigger", "2");

    SilverPipeline.runBronze(SPARK.session(), SilverPipeline.bronzeConfig(flags));
    SilverConfig config = SilverPipeline.silverConfig(flags);
    SilverPipeline.runSilver(SPARK.session(), config, "run-1");

    assertThat(sent.stream().map(SentRecord::subkind).collect(Collectors.toSet()))
        .as("the run covered every malformed kind")
        .containsAll(Arrays.stream(MalformedKind.values()).map(Enum::name).toList());
    assertThat(SilverPipeline.count(sent, RecordKind.LATE)).isPositive();
    SilverPipeline.assertSilverHoldsExactlyTheDistinctEvents(SPARK.session(), config, sent);
    SilverPipeline.assertQuarantineHoldsExactlyTheMalformedRecords(SPARK.session(), config, sent);
    List<Row> audit = SilverPipeline.assertAuditReconciles(SPARK.session(), config);
    assertThat(audit).as("several micro-batches").hasSizeGreaterThan(1);
    assertThat(
            sum(audit, SilverBatchAuditTable.DUPLICATES_IN_BATCH)
                + sum(audit, SilverBatchAuditTable.DUPLICATES_ALREADY_IN_SILVER))
        .as("every DUPLICATE record was dropped as one")
        .isEqualTo(SilverPipeline.count(sent, RecordKind.DUPLICATE));
    assertThat(audit)
        .allSatisfy(
            r -> assertThat(r.<String>getAs(SilverBatchAuditTable.RUN_ID)).isEqualTo("run-1"));
  }

  @Test
  void anEventSentAgainInALaterRunDaysLaterIsDropped() throws Exception {
    String topic = KafkaBrokerExtension.createTopic("silver-later", 2);
    List<String> flags = SilverPipeline.flags(topic, dir);
    SilverConfig config = SilverPipeline.silverConfig(flags);

    // run 1: events of five days ago
    List<SentRecord> first = SilverPipeline.produce(topic, 800, 21, SilverPipeline.daysAgo(5));
    SilverPipeline.runBronze(SPARK.session(), SilverPipeline.bronzeConfig(flags));
    SilverPipeline.runSilver(SPARK.session(), config, "run-1");
    Map<String, String> firstLineage = lineage(config);

    // run 2: new events of yesterday, and 25 events of run 1 sent again, byte for byte
    List<SentRecord> resent =
        first.stream().filter(r -> r.kind() == RecordKind.VALID).limit(25).toList();
    List<SentRecord> second =
        new ArrayList<>(SilverPipeline.produce(topic, 400, 22, SilverPipeline.daysAgo(1)));
    second.addAll(sendAgain(topic, resent));
    SilverPipeline.runBronze(SPARK.session(), SilverPipeline.bronzeConfig(flags));
    SilverPipeline.runSilver(SPARK.session(), config, "run-2");

    SilverPipeline.assertSilverHoldsExactlyTheDistinctEvents(
        SPARK.session(), config, SilverPipeline.concat(first, second));
    Map<String, String> lineage = lineage(config);
    for (SentRecord again : resent) {
      assertThat(lineage.get(again.eventId()))
          .as("%s keeps the row of its first arrival", again.eventId())
          .isEqualTo(firstLineage.get(again.eventId()));
    }
    List<Row> secondRun =
        SilverPipeline.assertAuditReconciles(SPARK.session(), config).stream()
            .filter(r -> r.<String>getAs(SilverBatchAuditTable.RUN_ID).equals("run-2"))
            .toList();
    assertThat(sum(secondRun, SilverBatchAuditTable.DUPLICATES_ALREADY_IN_SILVER))
        .as("the events of run 1 sent again were found in Silver")
        .isGreaterThanOrEqualTo(resent.size());
    assertThat(
            sum(secondRun, SilverBatchAuditTable.DUPLICATES_ALREADY_IN_SILVER)
                + sum(secondRun, SilverBatchAuditTable.DUPLICATES_IN_BATCH))
        .isEqualTo(resent.size() + SilverPipeline.count(second, RecordKind.DUPLICATE));
  }

  @Test
  void withTheDefaultsSilverQuarantinesOnlyTheMalformedRecords() throws Exception {
    String topic = KafkaBrokerExtension.createTopic("silver-defaults", 4);
    long before = System.currentTimeMillis();
    // the defaults but the count: the span of a day that ends now, as fast as Kafka takes it
    SilverPipeline.Generated run = SilverPipeline.generate(topic, "--generator.count", "3000");
    long after = System.currentTimeMillis();

    SilverConfig config = runBronzeAndSilver(topic);

    assertOnlyTheMalformedAreQuarantinedAndTheDuplicatesDropped(config, run);
    Row span =
        SPARK
            .session()
            .read()
            .format("delta")
            .load(config.silverTablePath())
            .agg(
                min(SilverTable.EVENT_TIME_MILLIS).as("first"),
                max(SilverTable.EVENT_TIME_MILLIS).as("last"))
            .first();
    long day = Duration.ofDays(1).toMillis();
    long lateBy = Duration.ofHours(6).toMillis();
    // the window ends when the generator started; a bot burst begun just before runs on ~7.5 s
    assertThat(span.getLong(1)).as("last event time").isBetween(before - day / 50, after + 10_000);
    // it starts about a day ago: where the last 3,000 records of the sessions begin
    assertThat(span.getLong(0))
        .as("first event time, a late event's perhaps")
        .isBetween(before - day * 5 / 4 - lateBy, before - day * 3 / 4);
    System.out.printf(
        "defaults: %d records, quarantined %d (malformed sent %d), duplicates %d, late %d, events"
            + " from %s to %s, generated at %s%n",
        run.summary().acknowledged(),
        SPARK.session().read().format("delta").load(config.quarantineTablePath()).count(),
        run.summary().count(RecordKind.MALFORMED),
        run.summary().count(RecordKind.DUPLICATE),
        run.summary().count(RecordKind.LATE),
        Instant.ofEpochMilli(span.getLong(0)),
        Instant.ofEpochMilli(span.getLong(1)),
        Instant.ofEpochMilli(before));
  }

  @Test
  void aPacedRunIsLiveAndSilverQuarantinesOnlyTheMalformedRecords() throws Exception {
    String topic = KafkaBrokerExtension.createTopic("silver-live", 4);
    long jitterMillis = 200;
    long lateByMillis = Duration.ofHours(6).toMillis();
    SilverPipeline.Generated run =
        SilverPipeline.generate(
            topic,
            "--generator.rate",
            "1000",
            "--generator.count",
            "4000",
            "--generator.live-jitter",
            jitterMillis + "ms");

    SilverConfig config = runBronzeAndSilver(topic);

    assertOnlyTheMalformedAreQuarantinedAndTheDuplicatesDropped(config, run);
    Map<String, Long> lags = kafkaTimestampMinusEventTime(config);
    Map<String, RecordKind> kinds = new HashMap<>();
    run.sent().stream()
        .filter(r -> SilverPipeline.EVENT_KINDS.contains(r.kind()))
        .forEach(r -> kinds.put(r.eventId(), r.kind()));
    List<Long> onTimeLags = new ArrayList<>();
    for (Map.Entry<String, Long> lag : lags.entrySet()) {
      long value = lag.getValue();
      if (kinds.get(lag.getKey()) == RecordKind.LATE) {
        assertThat(value)
            .as("Kafka timestamp - event time of late event %s", lag.getKey())
            .isBetween(lateByMillis, lateByMillis + jitterMillis + 1_000);
      } else {
        assertThat(value)
            .as("Kafka timestamp - event time of %s", lag.getKey())
            .isBetween(0L, jitterMillis + 1_000);
        onTimeLags.add(value);
      }
    }
    assertThat(lags).hasSize(kinds.size());
    Collections.sort(onTimeLags);
    System.out.printf(
        "paced run: %d events in Silver, Kafka timestamp - event time of on-time events %d /"
            + " %d / %d ms (min / median / max; jitter %d ms), quarantined %d (malformed sent"
            + " %d), duplicates %d, sent in %.1f s%n",
        lags.size(),
        onTimeLags.get(0),
        onTimeLags.get(onTimeLags.size() / 2),
        onTimeLags.get(onTimeLags.size() - 1),
        jitterMillis,
        SPARK.session().read().format("delta").load(config.quarantineTablePath()).count(),
        run.summary().count(RecordKind.MALFORMED),
        run.summary().count(RecordKind.DUPLICATE),
        run.summary().elapsed().toMillis() / 1000.0);
    assertThat(run.summary().elapsed())
        .as("4,000 records at 1,000/s go out over about 4 s, after a 1.2 s lead")
        .isBetween(Duration.ofSeconds(3), Duration.ofSeconds(8));
  }

  private SilverConfig runBronzeAndSilver(String topic) throws Exception {
    List<String> flags = SilverPipeline.flags(topic, dir);
    SilverPipeline.runBronze(SPARK.session(), SilverPipeline.bronzeConfig(flags));
    SilverConfig config = SilverPipeline.silverConfig(flags);
    SilverPipeline.runSilver(SPARK.session(), config, "run-1");
    return config;
  }

  /**
   * Silver holds every event sent once and its quarantine only the malformed records, so the
   * generator's tally of malformed records and duplicates is what Silver quarantined and dropped.
   */
  private static void assertOnlyTheMalformedAreQuarantinedAndTheDuplicatesDropped(
      SilverConfig config, SilverPipeline.Generated run) {
    List<SentRecord> sent = run.sent();
    assertThat(SilverPipeline.count(sent, RecordKind.LATE)).isPositive();
    assertThat(SilverPipeline.count(sent, RecordKind.MALFORMED)).isPositive();
    SilverPipeline.assertSilverHoldsExactlyTheDistinctEvents(SPARK.session(), config, sent);
    SilverPipeline.assertQuarantineHoldsExactlyTheMalformedRecords(SPARK.session(), config, sent);
    List<Row> audit = SilverPipeline.assertAuditReconciles(SPARK.session(), config);
    assertThat(sum(audit, SilverBatchAuditTable.QUARANTINED_ROWS))
        .as("quarantined: the generator's malformed records")
        .isEqualTo(run.summary().count(RecordKind.MALFORMED));
    assertThat(
            sum(audit, SilverBatchAuditTable.DUPLICATES_IN_BATCH)
                + sum(audit, SilverBatchAuditTable.DUPLICATES_ALREADY_IN_SILVER))
        .as("dropped: the generator's duplicates")
        .isEqualTo(run.summary().count(RecordKind.DUPLICATE));
  }

  /** event_id → its Silver row's Kafka timestamp (from Bronze) minus its event time, in ms. */
  private static Map<String, Long> kafkaTimestampMinusEventTime(SilverConfig config) {
    Dataset<Row> silver = SPARK.session().read().format("delta").load(config.silverTablePath());
    Dataset<Row> bronze = SPARK.session().read().format("delta").load(config.bronzeTablePath());
    return silver
        .join(
            bronze,
            silver
                .col(SilverTable.KAFKA_PARTITION)
                .equalTo(bronze.col(BronzeTable.KAFKA_PARTITION))
                .and(
                    silver
                        .col(SilverTable.KAFKA_OFFSET)
                        .equalTo(bronze.col(BronzeTable.KAFKA_OFFSET))))
        .select(
            silver.col(SilverTable.EVENT_ID),
            unix_millis(bronze.col(BronzeTable.KAFKA_TIMESTAMP))
                .minus(silver.col(SilverTable.EVENT_TIME_MILLIS)))
        .collectAsList()
        .stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
  }

  /** event_id → Kafka coordinates of its Silver row. */
  private static Map<String, String> lineage(SilverConfig config) {
    return SPARK
        .session()
        .read()
        .format("delta")
        .load(config.silverTablePath())
        .collectAsList()
        .stream()
        .collect(
            Collectors.toMap(
                r -> r.<String>getAs(SilverTable.EVENT_ID),
                r ->
                    SilverPipeline.coordinates(
                        r.<Integer>getAs(SilverTable.KAFKA_PARTITION),
                        r.<Long>getAs(SilverTable.KAFKA_OFFSET))));
  }

  /** Sends the records again (same key, same bytes) and returns them as DUPLICATE-like records. */
  private static List<SentRecord> sendAgain(String topic, List<SentRecord> records)
      throws Exception {
    List<SentRecord> sent = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerExtension.bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (SentRecord record : records) {
        var metadata =
            producer
                .send(new ProducerRecord<>(topic, record.key(), record.value()))
                .get(30, TimeUnit.SECONDS);
        // not counted as a DUPLICATE of this run: the test adds them to the expectation itself
        sent.add(
            new SentRecord(
                topic,
                metadata.partition(),
                metadata.offset(),
                record.key(),
                record.value(),
                RecordKind.REPLAYED,
                null,
                record.eventId()));
      }
    }
    assertThat(sent.stream().map(SentRecord::eventId).collect(Collectors.toSet()))
        .hasSize(records.size());
    return sent;
  }
}
