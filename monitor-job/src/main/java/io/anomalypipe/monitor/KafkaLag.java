package io.anomalypipe.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anomalypipe.common.config.KafkaConnection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Kafka consumer lag of the Bronze query, per partition: the topic's end offsets (asked of the
 * brokers with the admin client: no consumer group is joined or created) minus the offsets Bronze's
 * checkpoint has committed (the end offsets of its last committed micro-batch, from the
 * checkpoint's {@code offsets/} log, read through Hadoop's file system so that any checkpoint root
 * works).
 */
public final class KafkaLag {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private KafkaLag() {}

  /** The lag per partition number, and the two sides it comes from. */
  public record Lag(Map<Integer, Long> endOffsets, Map<Integer, Long> committed) {
    public long total() {
      return perPartition().values().stream().mapToLong(Long::longValue).sum();
    }

    public Map<Integer, Long> perPartition() {
      Map<Integer, Long> lag = new LinkedHashMap<>();
      endOffsets.forEach(
          (partition, end) -> lag.put(partition, end - committed.getOrDefault(partition, 0L)));
      return lag;
    }
  }

  public static Lag measure(
      KafkaConnection kafka,
      UnaryOperator<String> environment,
      String bronzeCheckpoint,
      Configuration hadoop)
      throws IOException {
    return new Lag(
        endOffsets(kafka, environment), committedOffsets(bronzeCheckpoint, kafka.topic(), hadoop));
  }

  /** The topic's end offset per partition. */
  static Map<Integer, Long> endOffsets(KafkaConnection kafka, UnaryOperator<String> environment)
      throws IOException {
    Map<String, Object> properties = new HashMap<>(kafka.clientProperties(environment));
    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    try (Admin admin = Admin.create(properties)) {
      TopicDescription topic =
          admin
              .describeTopics(List.of(kafka.topic()))
              .allTopicNames()
              .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .get(kafka.topic());
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      topic
          .partitions()
          .forEach(
              p ->
                  request.put(
                      new TopicPartition(kafka.topic(), p.partition()), OffsetSpec.latest()));
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
          admin.listOffsets(request).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      Map<Integer, Long> offsets = new java.util.TreeMap<>();
      ends.forEach((partition, info) -> offsets.put(partition.partition(), info.offset()));
      return offsets;
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException(
          "cannot read the end offsets of topic "
              + kafka.topic()
              + " from "
              + kafka.bootstrapServers(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /**
   * The offsets Bronze has committed for {@code topic}: the end offsets recorded for its latest
   * batch with a commit marker. Empty when Bronze never committed a batch.
   */
  static Map<Integer, Long> committedOffsets(String checkpoint, String topic, Configuration hadoop)
      throws IOException {
    Path root = new Path(checkpoint);
    FileSystem fs = root.getFileSystem(hadoop);
    OptionalLong batch = latestBatch(fs, new Path(root, "commits"));
    if (batch.isEmpty()) {
      return Map.of();
    }
    Optional<JsonNode> offsets = offsetsOf(fs, new Path(root, "offsets/" + batch.getAsLong()));
    Map<Integer, Long> committed = new java.util.TreeMap<>();
    offsets
        .map(json -> json.path(topic))
        .ifPresent(
            partitions ->
                partitions
                    .fields()
                    .forEachRemaining(
                        entry ->
                            committed.put(
                                Integer.parseInt(entry.getKey()), entry.getValue().asLong())));
    return committed;
  }

  private static OptionalLong latestBatch(FileSystem fs, Path commits) throws IOException {
    if (!fs.exists(commits)) {
      return OptionalLong.empty();
    }
    long latest = -1;
    for (FileStatus file : fs.listStatus(commits)) {
      String name = file.getPath().getName();
      if (name.matches("\\d+")) {
        latest = Math.max(latest, Long.parseLong(name));
      }
    }
    return latest < 0 ? OptionalLong.empty() : OptionalLong.of(latest);
  }

  /**
   * The offset log file of a batch: a version line, the batch metadata, then one line per source
   * ({@code {"topic":{"0":123,...}}}); the Kafka source's line is the one naming topics.
   */
  private static Optional<JsonNode> offsetsOf(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      for (int i = lines.size() - 1; i >= 2; i--) {
        JsonNode node = JSON.readTree(lines.get(i));
        if (node.isObject()) {
          return Optional.of(node);
        }
      }
      return Optional.empty();
    }
  }
}
