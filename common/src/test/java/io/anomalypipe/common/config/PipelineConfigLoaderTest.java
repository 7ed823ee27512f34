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
  void aProfileIsReadFromAFileUri() throws Exception {
    Path profile = dir.resolve("uri.conf");
    Files.writeString(profile, "pipeline.kafka.topic = from-uri\n");

    Config config =
        PipelineConfigLoader.load(CommandLine.parse("--config", profile.toUri().toString()));

    assertThat(config.getString("kafka.topic")).isEqualTo("from-uri");
  }

  @Test
  void aProfileOnAnotherFileSystemIsReadThroughHadoopWithTheSparkHadoopSettings() throws Exception {
    // a scheme only Hadoop knows, mapped to the local disk by a spark.hadoop.* setting, the way
    // spark-submit --conf spark.hadoop.fs.s3a.* settings reach the s3a:// file system
    Path profile = dir.resolve("remote.conf");
    Files.writeString(profile, "pipeline.kafka.topic = through-hadoop\n");
    String implKey = "spark.hadoop.fs.pipelinetest.impl";
    System.setProperty(implKey, PipelineTestFileSystem.class.getName());
    try {
      Config config =
          PipelineConfigLoader.load(
              CommandLine.parse("--config", "pipelinetest://" + profile.toAbsolutePath()));

      assertThat(config.getString("kafka.topic")).isEqualTo("through-hadoop");
    } finally {
      System.clearProperty(implKey);
    }
  }

  @Test
  void aMissingProfileOnAnotherFileSystemIsRejectedNamingTheUri() {
    assertThatThrownBy(
            () -> PipelineConfigLoader.load(CommandLine.parse("--config", "hdfs-none://x/p.conf")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("'hdfs-none://x/p.conf' cannot be read");
  }

  @Test
  void aRelativeProfileThatIsMissingSaysWhereItWasLookedFor() {
    assertThatThrownBy(
            () -> PipelineConfigLoader.load(CommandLine.parse("--config", "conf/none.conf")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("relative to the working directory")
        .hasMessageContaining("--files");
  }

  @Test
  void pipelineHomeDefaultsToTheFolderAboveTheProfilesFolder() throws Exception {
    Path confDir = Files.createDirectories(dir.resolve("checkout/conf"));
    Path profile = confDir.resolve("local.conf");
    Files.writeString(profile, "pipeline.storage.tables-root = ${PIPELINE_HOME}/.run/tables\n");

    Config config = PipelineConfigLoader.load(CommandLine.parse("--config", profile.toString()));

    String home = System.getenv("PIPELINE_HOME");
    String expectedHome = home != null ? home : dir.resolve("checkout").toString();
    assertThat(config.getString("storage.tables-root")).isEqualTo(expectedHome + "/.run/tables");
  }

  @Test
  void theRepositorysLocalProfileResolvesWithoutAnyVariable() {
    Path repo =
        Path.of(System.getProperty("pipeline.repo.root", "..")).toAbsolutePath().normalize();

    Config config =
        PipelineConfigLoader.load(
            CommandLine.parse("--config", repo.resolve("conf/local.conf").toString()));

    String home = System.getenv("PIPELINE_HOME");
    assertThat(config.getString("storage.tables-root"))
        .isEqualTo((home != null ? home : repo.toString()) + "/.run/tables");
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
