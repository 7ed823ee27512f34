package io.anomalypipe.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineConfigLoaderTest {

  @TempDir Path dir;

  @Test
  void defaultsComeFromConfApplicationConf() {
    Config config = PipelineConfigLoader.load(CommandLine.parse());

    assertThat(config.getString("kafka.bootstrap-servers")).isEqualTo("127.0.0.1:19092");
    assertThat(config.getString("bronze.trigger")).isEqualTo("availableNow");
  }

  @Test
  void flagsOverrideProfileWhichOverridesDefaults() throws Exception {
    Path profile = dir.resolve("profile.conf");
    Files.writeString(
        profile, "pipeline.kafka.topic = from-profile\npipeline.bronze.trigger = processingTime\n");

    Config config =
        PipelineConfigLoader.load(
            CommandLine.parse("--config", profile.toString(), "--kafka.topic", "from-flag"));

    assertThat(config.getString("kafka.topic")).isEqualTo("from-flag");
    assertThat(config.getString("bronze.trigger")).isEqualTo("processingTime");
  }

  @Test
  void substitutionsResolveAfterOverrides() throws Exception {
    Path profile = dir.resolve("profile.conf");
    Files.writeString(
        profile,
        "pipeline.storage.tables-root = /data/t\n"
            + "pipeline.storage.checkpoints-root = ${pipeline.storage.tables-root}/_checkpoints\n");

    Config config =
        PipelineConfigLoader.load(
            CommandLine.parse(
                "--config", profile.toString(), "--storage.tables-root", "s3a://bucket/t"));

    assertThat(config.getString("storage.checkpoints-root"))
        .isEqualTo("s3a://bucket/t/_checkpoints");
  }

  @Test
  void unknownFlagIsRejectedNamingKeyValueAndNeighbours() {
    assertThatThrownBy(
            () -> PipelineConfigLoader.load(CommandLine.parse("--bronze.triger", "availableNow")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Unknown config key 'pipeline.bronze.triger'")
        .hasMessageContaining("(value 'availableNow')")
        .hasMessageContaining("pipeline.bronze.trigger");
  }

  @Test
  void unknownKeyInProfileIsRejectedNamingTheProfile() throws Exception {
    Path profile = dir.resolve("typo.conf");
    Files.writeString(profile, "pipeline.kafka.bootstrap-server = \"x:1\"\n");

    assertThatThrownBy(
            () -> PipelineConfigLoader.load(CommandLine.parse("--config", profile.toString())))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("pipeline.kafka.bootstrap-server")
        .hasMessageContaining("typo.conf");
  }

  @Test
  void missingProfileIsRejectedNamingThePath() {
    assertThatThrownBy(
            () -> PipelineConfigLoader.load(CommandLine.parse("--config", "/no/such/file.conf")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("/no/such/file.conf");
  }

  @Test
  void freeFormSparkSettingsAreAccepted() {
    Config config =
        PipelineConfigLoader.load(
            CommandLine.parse("--spark.conf.spark.sql.shuffle.partitions", "3"));

    assertThat(ConfigReader.of(config).section("spark").stringMap("conf"))
        .containsEntry("spark.sql.shuffle.partitions", "3");
  }

  @Test
  void flagWithoutValueIsRejected() {
    assertThatThrownBy(() -> CommandLine.parse("--kafka.topic"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("'--kafka.topic' has no value");
  }

  @Test
  void helpListsEveryKeyOfTheSectionsWithDefaultAndComment() {
    String help = PipelineConfigLoader.help("Usage: x", List.of("bronze", "kafka"));

    assertThat(help)
        .contains("--bronze.trigger  (default: \"availableNow\")")
        .contains("availableNow: drain what is in Kafka, then exit")
        .contains("--kafka.security.protocol  (default: \"PLAINTEXT\")")
        .doesNotContain("--generator.");
  }
}
