package io.anomalypipe.bronze;

import io.anomalypipe.common.config.ConfigReader;
import io.anomalypipe.common.config.InvalidConfigException;
import io.anomalypipe.common.config.KafkaConnection;
import io.anomalypipe.common.config.SparkSettings;
import io.anomalypipe.common.config.StorageLayout;
import io.anomalypipe.common.spark.TriggerMode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Everything the Bronze job reads from configuration, validated once at start-up. */
public record BronzeConfig(
    KafkaConnection kafka,
    Optional<String> topicPattern,
    StorageLayout storage,
    SparkSettings spark,
    TriggerMode trigger,
    Duration triggerInterval,
    String startingOffsets,
    long maxOffsetsPerTrigger,
    int minPartitions,
    boolean failOnDataLoss,
    Map<String, String> consumerOptions,
    ParquetCompression parquetCompression) {

  /** Name of the streaming query and of its checkpoint folder. */
  public static final String QUERY_NAME = "bronze_events";

  /**
   * Consumer settings the Spark Kafka source manages itself (it rejects them) or that the
   * connection section owns; setting them under consumer-options is a mistake worth naming.
   */
  static final Set<String> RESERVED_CONSUMER_OPTIONS =
      Set.of(
          "bootstrap.servers",
          "group.id",
          "auto.offset.reset",
          "key.deserializer",
          "value.deserializer",
          "enable.auto.commit",
          "interceptor.classes",
          "security.protocol",
          "sasl.jaas.config",
          "sasl.mechanism");

  /** Parquet codecs Spark 3.5 writes. */
  public enum ParquetCompression {
    ZSTD,
    SNAPPY,
    LZ4RAW,
    GZIP,
    UNCOMPRESSED;

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public BronzeConfig {
    consumerOptions = Map.copyOf(consumerOptions);
  }

  public static BronzeConfig fromConfig(ConfigReader pipeline) {
    ConfigReader bronze = pipeline.section("bronze");
    return new BronzeConfig(
        KafkaConnection.fromConfig(pipeline),
        topicPattern(bronze),
        StorageLayout.fromConfig(pipeline),
        SparkSettings.fromConfig(pipeline),
        bronze.oneOf("trigger", TriggerMode.class),
        bronze.positiveDuration("trigger-interval"),
        startingOffsets(bronze),
        bronze.longAtLeast("max-offsets-per-trigger", 0),
        bronze.intInRange("min-partitions", 0, 100_000),
        bronze.bool("fail-on-data-loss"),
        consumerOptions(bronze),
        bronze.oneOf("parquet-compression", ParquetCompression.class));
  }

  public String tablePath() {
    return storage.bronzeTable();
  }

  public String checkpointPath() {
    return storage.checkpointPath(QUERY_NAME);
  }

  private static Optional<String> topicPattern(ConfigReader bronze) {
    Optional<String> pattern = bronze.optionalString("topic-pattern");
    pattern.ifPresent(
        regex -> {
          try {
            Pattern.compile(regex);
          } catch (PatternSyntaxException e) {
            throw new InvalidConfigException(
                bronze.fullKey("topic-pattern"), regex, "not a valid regular expression");
          }
        });
    return pattern;
  }

  private static String startingOffsets(ConfigReader bronze) {
    String offsets = bronze.nonBlankString("starting-offsets").strip();
    if (!offsets.equals("earliest") && !offsets.equals("latest") && !offsets.startsWith("{")) {
      throw new InvalidConfigException(
          bronze.fullKey("starting-offsets"),
          offsets,
          "expected earliest, latest or a JSON object of offsets per topic partition");
    }
    return offsets;
  }

  private static Map<String, String> consumerOptions(ConfigReader bronze) {
    Map<String, String> options = bronze.stringMap("consumer-options");
    for (Map.Entry<String, String> option : options.entrySet()) {
      if (RESERVED_CONSUMER_OPTIONS.contains(option.getKey())) {
        throw new InvalidConfigException(
            bronze.fullKey("consumer-options") + "." + option.getKey(),
            KafkaConnection.redacted(Map.of(option.getKey(), option.getValue()))
                .get(option.getKey()),
            "is managed by the Spark Kafka source or by pipeline.kafka; remove it");
      }
    }
    return options;
  }
}
