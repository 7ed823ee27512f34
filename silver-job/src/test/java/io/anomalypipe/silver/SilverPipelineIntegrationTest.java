package io.anomalypipe.silver;

import static io.anomalypipe.silver.SilverPipeline.sum;
import static org.assertj.core.api.Assertions.assertThat;

import io.anomalypipe.common.schema.SilverBatchAuditTable;
import io.anomalypipe.common.schema.SilverTable;
import io.anomalypipe.common.testing.KafkaBrokerExtension;
import io.anomalypipe.common.testing.SparkTestSession;
import io.anomalypipe.generator.MalformedKind;
import io.anomalypipe.generator.RecordKind;
import io.anomalypipe.generator.SentRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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
