package io.anomalypipe.common.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.anomalypipe.common.testing.KafkaBrokerExtension.TopicRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class KafkaBrokerExtensionTest {

  private static final Path PID_FILE = LocalServices.runDir().resolve("kafka/kafka.pid");

  @Test
  void recordsProducedToATopicAreReadBack() throws Exception {
    String topic = KafkaBrokerExtension.createTopic("extension-test", 3);
    assertThat(topic).startsWith("extension-test-");
    assertThat(KafkaBrokerExtension.createTopic("extension-test", 1)).isNotEqualTo(topic);

    long before = System.currentTimeMillis();
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBrokerExtension.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, 0, "k0", "v0")).get();
      producer.send(new ProducerRecord<>(topic, 2, "k1", "v1")).get();
      producer.send(new ProducerRecord<>(topic, 2, "k2", "v2")).get();
      producer.send(new ProducerRecord<>(topic, 1, null, "no key")).get();
    }

    List<TopicRecord> records = KafkaBrokerExtension.readAll(topic);

    assertThat(records)
        .extracting(
            TopicRecord::partition, TopicRecord::offset, TopicRecord::key, TopicRecord::value)
        .containsExactly(
            tuple(0, 0L, "k0", "v0"),
            tuple(1, 0L, null, "no key"),
            tuple(2, 0L, "k1", "v1"),
            tuple(2, 1L, "k2", "v2"));
    assertThat(records)
        .allSatisfy(r -> assertThat(r.timestamp()).isBetween(before - 1000, before + 60_000));
  }

  @Test
  void statusReportsTheBrokerRunning() {
    LocalServices.Result status = LocalServices.run("status", "kafka");

    assertThat(status.exitCode()).as(status.output()).isZero();
    assertThat(status.output()).contains("running on " + KafkaBrokerExtension.bootstrapServers());
  }

  @Test
  void startingAgainIsANoOp() throws Exception {
    String pid = Files.readString(PID_FILE).strip();

    LocalServices.Result start = LocalServices.run("start", "kafka");

    assertThat(start.exitCode()).as(start.output()).isZero();
    assertThat(start.output())
        .contains("kafka already running on " + KafkaBrokerExtension.bootstrapServers());
    assertThat(Files.readString(PID_FILE).strip()).isEqualTo(pid);
  }
}
