package io.anomalypipe.bronze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.anomalypipe.common.config.CommandLine;
import io.anomalypipe.common.config.ConfigReader;
import io.anomalypipe.common.config.InvalidConfigException;
import io.anomalypipe.common.config.PipelineConfigLoader;
import io.anomalypipe.common.spark.TriggerMode;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class BronzeConfigTest {

  static BronzeConfig config(String... flags) {
    return BronzeConfig.fromConfig(
        ConfigReader.of(PipelineConfigLoader.load(CommandLine.parse(flags))));
  }

  @Test
  void defaultsDrainKafkaFromEarliestAndFailOnDataLoss() {
    BronzeConfig config = config();

    assertThat(config.trigger()).isEqualTo(TriggerMode.AVAILABLE_NOW);
    assertThat(config.startingOffsets()).isEqualTo("earliest");
    assertThat(config.failOnDataLoss()).isTrue();
    assertThat(config.tablePath()).isEqualTo("/tmp/anomaly-pipeline/tables/bronze_events");
    assertThat(config.checkpointPath())
        .isEqualTo("/tmp/anomaly-pipeline/checkpoints/bronze_events");
  }

  @Test
  void continuousModeWithInterval() {
    BronzeConfig config =
        config("--bronze.trigger", "processingTime", "--bronze.trigger-interval", "2s");

    assertThat(config.trigger()).isEqualTo(TriggerMode.PROCESSING_TIME);
    assertThat(config.triggerInterval()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void unknownTriggerNamesKeyValueAndChoices() {
    assertThatThrownBy(() -> config("--bronze.trigger", "once"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "Invalid config 'pipeline.bronze.trigger' = 'once': expected one of availableNow,"
                + " processingTime");
  }

  @Test
  void badStartingOffsetsAreNamed() {
    assertThatThrownBy(() -> config("--bronze.starting-offsets", "beginning"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("Invalid config 'pipeline.bronze.starting-offsets' = 'beginning'");
  }

  @Test
  void negativeCapIsRejected() {
    assertThatThrownBy(() -> config("--bronze.max-offsets-per-trigger", "-1"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "Invalid config 'pipeline.bronze.max-offsets-per-trigger' = '-1': must be at least 0");
  }

  @Test
  void parquetCodecDefaultsToSnappyAndRejectsUnknownOnes() {
    assertThat(config().parquetCompression()).isEqualTo(BronzeConfig.ParquetCompression.SNAPPY);
    assertThat(config("--bronze.parquet-compression", "ZSTD").parquetCompression())
        .isEqualTo(BronzeConfig.ParquetCompression.ZSTD);
    assertThatThrownBy(() -> config("--bronze.parquet-compression", "brotli"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "Invalid config 'pipeline.bronze.parquet-compression' = 'brotli': expected one of zstd,"
                + " snappy, lz4raw, gzip, uncompressed");
  }

  @Test
  void invalidTopicPatternIsNamed() {
    assertThatThrownBy(() -> config("--bronze.topic-pattern", "events-(["))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "Invalid config 'pipeline.bronze.topic-pattern' = 'events-([': not a valid regular"
                + " expression");
  }

  @Test
  void consumerOptionOwnedBySparkIsRejectedWithoutEchoingSecrets() {
    assertThatThrownBy(
            () -> config("--bronze.consumer-options.sasl.jaas.config", "password=\"hunter2\""))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("pipeline.bronze.consumer-options.sasl.jaas.config")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void sourceOptionsSubscribeToTheTopicWithHeadersAndCaps() {
    UnaryOperator<String> noEnv = name -> null;
    Map<String, String> options =
        KafkaSourceOptions.of(
            config(
                "--kafka.topic", "events",
                "--bronze.max-offsets-per-trigger", "5000",
                "--bronze.min-partitions", "8",
                "--bronze.consumer-options.fetch.max.bytes", "52428800"),
            noEnv);

    assertThat(options)
        .containsEntry("kafka.bootstrap.servers", "127.0.0.1:19092")
        .containsEntry("kafka.security.protocol", "PLAINTEXT")
        .containsEntry("kafka.fetch.max.bytes", "52428800")
        .containsEntry("subscribe", "events")
        .containsEntry("startingOffsets", "earliest")
        .containsEntry("failOnDataLoss", "true")
        .containsEntry("includeHeaders", "true")
        .containsEntry("maxOffsetsPerTrigger", "5000")
        .containsEntry("minPartitions", "8")
        .doesNotContainKey("subscribePattern");
  }

  @Test
  void sourceOptionsUseThePatternWhenGivenAndOmitUnsetCaps() {
    Map<String, String> options =
        KafkaSourceOptions.of(
            config("--bronze.topic-pattern", "clicks-.*", "--bronze.fail-on-data-loss", "false"),
            name -> null);

    assertThat(options)
        .containsEntry("subscribePattern", "clicks-.*")
        .containsEntry("failOnDataLoss", "false")
        .doesNotContainKeys("subscribe", "maxOffsetsPerTrigger", "minPartitions");
  }

  @Test
  void sourceOptionsCarrySaslFromTheEnvironment() {
    Map<String, String> env = Map.of("KAFKA_SASL_USERNAME", "key", "KAFKA_SASL_PASSWORD", "pw");

    Map<String, String> options =
        KafkaSourceOptions.of(
            config(
                "--kafka.security.protocol", "SASL_SSL",
                "--kafka.security.sasl-mechanism", "SCRAM-SHA-512"),
            env::get);

    assertThat(options)
        .containsEntry("kafka.security.protocol", "SASL_SSL")
        .containsEntry("kafka.sasl.mechanism", "SCRAM-SHA-512")
        .containsKey("kafka.sasl.jaas.config");
  }
}
