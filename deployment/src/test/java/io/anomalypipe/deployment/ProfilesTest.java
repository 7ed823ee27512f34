package io.anomalypipe.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.anomalypipe.bronze.BronzeConfig;
import io.anomalypipe.common.config.CommandLine;
import io.anomalypipe.common.config.ConfigReader;
import io.anomalypipe.common.config.InvalidConfigException;
import io.anomalypipe.common.config.PipelineConfigLoader;
import io.anomalypipe.generator.GeneratorConfig;
import io.anomalypipe.gold.scoring.GoldConfig;
import io.anomalypipe.gold.training.TrainingConfig;
import io.anomalypipe.monitor.MonitorConfig;
import io.anomalypipe.silver.SilverConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every profile in conf/ (local, docker, databricks) loads as the jobs load it and passes each
 * job's config validation: keys that exist in conf/application.conf, values each job accepts. No
 * Kafka, MLflow or Spark is touched.
 */
class ProfilesTest {

  static final Map<String, Function<ConfigReader, ?>> PARSERS =
      Map.of(
          "bronze", BronzeConfig::fromConfig,
          "silver", SilverConfig::fromConfig,
          "generator", GeneratorConfig::fromConfig,
          "training", TrainingConfig::fromConfig,
          "gold", GoldConfig::fromConfig,
          "monitor", MonitorConfig::fromConfig);

  /** The profiles: every conf/*.conf but the defaults. */
  static Stream<String> profiles() throws IOException {
    try (Stream<Path> files = Files.list(DeploymentFiles.root().resolve("conf"))) {
      List<String> names =
          files
              .map(p -> p.getFileName().toString())
              .filter(name -> name.endsWith(".conf") && !name.equals("application.conf"))
              .sorted()
              .toList();
      assertThat(names).contains("databricks.conf");
      return names.stream();
    }
  }

  static Stream<Arguments> profilesAndJobs() throws IOException {
    List<Arguments> out = new ArrayList<>();
    for (String profile : profiles().toList()) {
      PARSERS.keySet().stream().sorted().forEach(job -> out.add(Arguments.of(profile, job)));
    }
    return out.stream();
  }

  static ConfigReader load(Path profile) {
    return ConfigReader.of(
        PipelineConfigLoader.load(CommandLine.parse("--config", profile.toString())));
  }

  @ParameterizedTest(name = "conf/{0} through the {1} config")
  @MethodSource("profilesAndJobs")
  void profilePassesTheJobsConfigValidation(String profile, String job) {
    Object config = PARSERS.get(job).apply(load(DeploymentFiles.root().resolve("conf/" + profile)));

    assertThat(config).isNotNull();
  }

  @ParameterizedTest(name = "conf/{0}")
  @MethodSource("profiles")
  void kafkaClientPropertiesAssembleWithTheVariablesTheProfileNames(String profile) {
    BronzeConfig bronze =
        BronzeConfig.fromConfig(load(DeploymentFiles.root().resolve("conf/" + profile)));

    // a stand-in for every variable: no secret is read, the JAAS line is only assembled
    Map<String, String> properties = bronze.kafka().clientProperties(variable -> "x");

    assertThat(properties).containsKey("bootstrap.servers");
  }

  @Test
  void aKeyTheDefaultsDoNotHaveFails(@TempDir Path dir) throws IOException {
    Path profile = dir.resolve("typo.conf");
    Files.writeString(profile, "pipeline.bronze.triger = availableNow\n");

    assertThatThrownBy(() -> BronzeConfig.fromConfig(load(profile)))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("Unknown config key 'pipeline.bronze.triger'");
  }
}
