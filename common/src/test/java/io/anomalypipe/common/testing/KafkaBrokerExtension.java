package io.anomalypipe.common.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * A local Kafka broker for tests: the one {@code bin/services start kafka} runs (KRaft, one node,
 * {@code 127.0.0.1:${KAFKA_PORT:-19092}}).
 *
 * <pre>
 * &#64;ExtendWith(KafkaBrokerExtension.class)
 * class BronzeJobTest {
 *   String topic = KafkaBrokerExtension.createTopic("events", 3);
 *   ... KafkaBrokerExtension.bootstrapServers() ... KafkaBrokerExtension.readAll(topic) ...
 * }
 * </pre>
 *
 * <p>The broker is started at most once per JVM, before the first test class that uses the
 * extension. A broker that was already running (started by hand or by CI with {@code bin/services
 * start kafka}) is used as it is and left running; a broker the tests started is stopped when the
 * last test JVM using it finishes (see {@link LocalServices}). Topics made by {@link #createTopic}
 * are deleted when the JVM's tests end, unless {@code -Dkafka.keepTopics=true}.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Set<String> CREATED_TOPICS = ConcurrentHashMap.newKeySet();

  /** One record read back from a topic; key and value decoded as UTF-8 (key may be null). */
  public record TopicRecord(int partition, long offset, String key, String value, long timestamp) {}

  @Override
  public void beforeAll(ExtensionContext context) {
    context
        .getRoot()
        .getStore(Namespace.GLOBAL)
        .getOrComputeIfAbsent(
            KafkaBrokerExtension.class,
            key -> new Broker(LocalServices.start("kafka")),
            Broker.class);
  }

  /** {@code 127.0.0.1:<port>}, the port from {@code $KAFKA_PORT} (default 19092). */
  public static String bootstrapServers() {
    String port = System.getenv("KAFKA_PORT");
    return "127.0.0.1:" + (port == null || port.isBlank() ? "19092" : port.strip());
  }

  /**
   * Creates a topic with a unique name ({@code <prefix>-<random>}) and waits until every partition
   * has a leader.
   *
   * @return the topic's name
   */
  public static String createTopic(String prefix, int partitions) {
    String topic = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    try (Admin admin = admin()) {
      admin
          .createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
          .all()
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      CREATED_TOPICS.add(topic);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (true) {
        try {
          TopicDescription description =
              admin
                  .describeTopics(List.of(topic))
                  .allTopicNames()
                  .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                  .get(topic);
          if (description.partitions().size() == partitions
              && description.partitions().stream().allMatch(p -> p.leader() != null)) {
            return topic;
          }
        } catch (ExecutionException notYetVisible) {
          // UnknownTopicOrPartitionException until the metadata reached the broker
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("topic " + topic + " has no leader after " + TIMEOUT);
        }
        Thread.sleep(50);
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot create topic " + topic + " on " + bootstrapServers(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + topic, e);
    }
  }

  /**
   * Every record of {@code topic} up to its end offsets at the time of the call, sorted by
   * partition then offset.
   */
  public static List<TopicRecord> readAll(String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (var consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      var infos = consumer.partitionsFor(topic, TIMEOUT);
      if (infos == null || infos.isEmpty()) {
        throw new IllegalArgumentException("no topic " + topic + " on " + bootstrapServers());
      }
      List<TopicPartition> partitions =
          infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
      List<TopicRecord> records = new ArrayList<>();
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp, TIMEOUT) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "read " + records.size() + " records of " + topic + " but not up to " + end);
        }
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
            records.add(
                new TopicRecord(r.partition(), r.offset(), r.key(), r.value(), r.timestamp()));
          }
        }
      }
      records.sort(
          Comparator.comparingInt(TopicRecord::partition).thenComparingLong(TopicRecord::offset));
      return records;
    }
  }

  private static Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers(),
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
            10_000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            (int) TIMEOUT.toMillis()));
  }

  /** The JVM's hold on the broker, closed with the root extension context. */
  private static final class Broker implements ExtensionContext.Store.CloseableResource {
    private final LocalServices.Lease lease;

    Broker(LocalServices.Lease lease) {
      this.lease = lease;
    }

    @Override
    public void close() throws Exception {
      try {
        if (!Boolean.getBoolean("kafka.keepTopics") && !CREATED_TOPICS.isEmpty()) {
          try (Admin admin = admin()) {
            admin.deleteTopics(Set.copyOf(CREATED_TOPICS)).all().get(10, TimeUnit.SECONDS);
            CREATED_TOPICS.clear();
          } catch (ExecutionException | TimeoutException e) {
            System.err.println("could not delete the test topics " + CREATED_TOPICS + ": " + e);
          }
        }
      } finally {
        lease.close();
      }
    }
  }
}
