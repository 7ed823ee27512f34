package io.anomalypipe.silver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.anomalypipe.common.config.CommandLine;
import io.anomalypipe.common.config.ConfigReader;
import io.anomalypipe.common.config.InvalidConfigException;
import io.anomalypipe.common.config.PipelineConfigLoader;
import io.anomalypipe.common.spark.TriggerMode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SilverConfigTest {

  static SilverConfig config(String... flags) {
    return SilverConfig.fromConfig(
        ConfigReader.of(PipelineConfigLoader.load(CommandLine.parse(flags))));
  }

  @Test
  void defaultsProcessWhatIsAvailableWithGenerousValueRange() {
    SilverConfig config = config();

    assertThat(config.trigger()).isEqualTo(TriggerMode.AVAILABLE_NOW);
    assertThat(config.maxFilesPerTrigger()).isZero();
    assertThat(config.maxBytesPerTrigger()).isZero();
    assertThat(config.limits())
        .isEqualTo(
            new ValidationLimits(65_536, 0, 10_000_000, Duration.ofDays(30), Duration.ofHours(1)));
    assertThat(config.bronzeTablePath()).isEqualTo("/tmp/anomaly-pipeline/tables/bronze_events");
    assertThat(config.silverTablePath()).isEqualTo("/tmp/anomaly-pipeline/tables/silver_events");
    assertThat(config.quarantineTablePath())
        .isEqualTo("/tmp/anomaly-pipeline/tables/silver_quarantine");
    assertThat(config.auditTablePath())
        .isEqualTo("/tmp/anomaly-pipeline/tables/silver_batch_audit");
    assertThat(config.checkpointPath())
        .isEqualTo("/tmp/anomaly-pipeline/checkpoints/silver_events");
  }

  @Test
  void continuousModeAndCaps() {
    SilverConfig config =
        config(
            "--silver.trigger", "processingTime",
            "--silver.trigger-interval", "5s",
            "--silver.max-files-per-trigger", "8",
            "--silver.max-bytes-per-trigger", "1048576");

    assertThat(config.trigger()).isEqualTo(TriggerMode.PROCESSING_TIME);
    assertThat(config.triggerInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.maxFilesPerTrigger()).isEqualTo(8);
    assertThat(config.maxBytesPerTrigger()).isEqualTo(1_048_576);
  }

  @Test
  void ruleThresholdsComeFromFlags() {
    ValidationLimits limits =
        config(
                "--silver.max-payload-bytes", "1024",
                "--silver.value-min", "-5",
                "--silver.value-max", "5",
                "--silver.max-event-age", "2d",
                "--silver.max-clock-skew", "10m")
            .limits();

    assertThat(limits)
        .isEqualTo(new ValidationLimits(1024, -5, 5, Duration.ofDays(2), Duration.ofMinutes(10)));
  }

  @Test
  void valueRangeMustNotBeEmpty() {
    assertThatThrownBy(() -> config("--silver.value-min", "10", "--silver.value-max", "10"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "Invalid config 'pipeline.silver.value-max' = '10.0': must be above value-min (10.0)");
  }

  @Test
  void badValuesAreNamedWithKeyAndValue() {
    assertThatThrownBy(() -> config("--silver.trigger", "once"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("Invalid config 'pipeline.silver.trigger' = 'once'");
    assertThatThrownBy(() -> config("--silver.max-payload-bytes", "0"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("Invalid config 'pipeline.silver.max-payload-bytes' = '0'");
    assertThatThrownBy(() -> config("--silver.max-event-age", "soon"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("Invalid config 'pipeline.silver.max-event-age' = 'soon'");
    assertThatThrownBy(() -> config("--silver.max-files-per-trigger", "-1"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "Invalid config 'pipeline.silver.max-files-per-trigger' = '-1': must be at least 0");
  }

  @Test
  void unknownKeyIsRejected() {
    assertThatThrownBy(() -> config("--silver.max-payload", "10"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("Unknown config key 'pipeline.silver.max-payload'");
  }

  @Test
  void helpListsTheSilverKeysWithTheirComments() {
    String help =
        PipelineConfigLoader.help(
            SilverJob.DESCRIPTION.usage(), SilverJob.DESCRIPTION.configSections());

    assertThat(help)
        .contains("--silver.max-payload-bytes  (default: 65536)")
        .contains("--silver.value-max  (default: 10000000)")
        .contains("(value_out_of_range)");
  }
}
