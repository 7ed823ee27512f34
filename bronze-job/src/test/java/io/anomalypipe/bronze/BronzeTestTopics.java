package io.anomalypipe.bronze;

import static org.assertj.core.api.Assertions.assertThat;

import io.anomalypipe.common.schema.BronzeTable;
import io.anomalypipe.common.testing.KafkaBrokerExtension;
import io.anomalypipe.generator.EventGenerator;
import io.anomalypipe.generator.GeneratorConfig;
import io.anomalypipe.generator.SentRecord;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Produce and verify steps shared by the Bronze integration tests. */
final class BronzeTestTopics {

  private BronzeTestTopics() {}

  /**
   * Produces {@code count} generated events (with duplicates, malformed records — empty, non-UTF-8
   * and oversized payloads among them — late events and anomalies) and returns every record Kafka
   * acknowledged.
   */
  static List<SentRecord> produce(String topic, long count, long seed) {
    return EventGenerator.runToKafkaCollecting(
        GeneratorConfig.fromArgs(
            "--kafka.bootstrap-servers",
            KafkaBrokerExtension.bootstrapServers(),
            "--kafka.topic",
            topic,
            "--generator.count",
            Long.toString(count),
            "--generator.seed",
            Long.toString(seed),
            "--generator.start-time",
            "2026-01-01T00:00:00Z",
            "--generator.malformed-rate",
            "0.05",
            "--generator.duplicate-rate",
            "0.05",
            "--generator.progress-interval",
            "1h"));
  }

  /** The Bronze flags of a test: its topic, its temp folder, a small local Spark. */
  static List<String> bronzeFlags(String topic, Path dir, String... extra) {
    return Stream.concat(
            Stream.of(
                "--kafka.bootstrap-servers",
                KafkaBrokerExtension.bootstrapServers(),
                "--kafka.topic",
                topic,
                "--storage.tables-root",
                dir.resolve("tables").toString(),
                "--storage.checkpoints-root",
                dir.resolve("checkpoints").toString(),
                "--spark.master",
                "local[2]",
                "--spark.conf.spark.sql.shuffle.partitions",
                "2",
                "--spark.conf.spark.ui.enabled",
                "false"),
            Stream.of(extra))
        .toList();
  }

  static BronzeConfig bronzeConfig(String topic, Path dir, String... extra) {
    return BronzeConfigTest.config(bronzeFlags(topic, dir, extra).toArray(String[]::new));
  }

  static Dataset<Row> read(SparkSession spark, BronzeConfig config) {
    return spark.read().format("delta").load(config.tablePath());
  }

  /** The table holds each sent record once, at its (partition, offset), with the same bytes. */
  static void assertLandedExactly(Dataset<Row> bronze, List<SentRecord> sent) {
    Map<String, SentRecord> expected = new HashMap<>();
    for (SentRecord record : sent) {
      expected.put(record.partition() + "/" + record.offset(), record);
    }
    List<Row> rows = bronze.collectAsList();
    assertThat(rows).hasSize(sent.size());
    for (Row row : rows) {
      String coordinates =
          row.<Integer>getAs(BronzeTable.KAFKA_PARTITION)
              + "/"
              + row.<Long>getAs(BronzeTable.KAFKA_OFFSET);
      SentRecord record = expected.remove(coordinates);
      assertThat(record).as("row at %s was produced once", coordinates).isNotNull();
      assertThat((byte[]) row.getAs(BronzeTable.PAYLOAD))
          .as("payload at %s", coordinates)
          .isEqualTo(record.value());
      assertThat((byte[]) row.getAs(BronzeTable.KAFKA_KEY)).isEqualTo(record.key());
    }
    assertThat(expected).as("produced but not in Bronze").isEmpty();

    Map<Integer, Long> sentPerPartition =
        sent.stream().collect(Collectors.groupingBy(SentRecord::partition, Collectors.counting()));
    List<Row> ranges = BronzeReport.offsetsPerPartition(bronze).collectAsList();
    assertThat(ranges).hasSize(sentPerPartition.size());
    for (Row range : ranges) {
      int partition = range.getAs(BronzeTable.KAFKA_PARTITION);
      assertThat(range.<Boolean>getAs(BronzeReport.CONTIGUOUS))
          .as("partition %d", partition)
          .isTrue();
      assertThat(range.<Long>getAs(BronzeReport.ROWS)).isEqualTo(sentPerPartition.get(partition));
    }
  }
}
