package io.anomalypipe.gold.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.anomalypipe.common.config.CommandLine;
import io.anomalypipe.common.config.ConfigReader;
import io.anomalypipe.common.config.InvalidConfigException;
import io.anomalypipe.common.config.PipelineConfigLoader;
import io.anomalypipe.common.mlflow.model.ModelUri;
import io.anomalypipe.common.spark.TriggerMode;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class GoldConfigTest {

  static GoldConfig config(String... flags) {
    return GoldConfig.fromConfig(
        ConfigReader.of(PipelineConfigLoader.load(CommandLine.parse(flags))));
  }

  @Test
  void defaultsFollowSilverIncrementallyWithTheChampion() {
    GoldConfig config = config();

    assertThat(config.modelUri())
        .isEqualTo(new ModelUri.Alias("anomaly-pipeline-isolation-forest", "champion"));
    assertThat(config.trigger()).isEqualTo(TriggerMode.AVAILABLE_NOW);
    assertThat(config.triggerInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.maxFilesPerTrigger()).isZero();
    assertThat(config.rescore()).isFalse();
    assertThat(config.silverTablePath()).isEqualTo("/tmp/anomaly-pipeline/tables/silver_events");
    assertThat(config.scoredTablePath())
        .isEqualTo("/tmp/anomaly-pipeline/tables/gold_events_scored");
    assertThat(config.predictionsTablePath())
        .isEqualTo("/tmp/anomaly-pipeline/tables/gold_anomaly_predictions");
    assertThat(config.checkpointPath()).isEqualTo("/tmp/anomaly-pipeline/checkpoints/gold_scoring");
  }

  @Test
  void theDefaultModelFollowsTheRegisteredModelAndAlias() {
    assertThat(
            config("--mlflow.registered-model-name", "fraud", "--mlflow.alias", "shadow")
                .modelUri())
        .hasToString("models:/fraud@shadow");
  }

  @Test
  void anExplicitModelUriWins() {
    assertThat(config("--gold.model-uri", "models:/fraud/3").modelUri())
        .isEqualTo(new ModelUri.Version("fraud", 3));
    assertThat(config("--gold.model-uri", "runs:/abc123/model").modelUri())
        .isEqualTo(new ModelUri.RunArtifact("abc123", "model"));
  }

  @Test
  void continuousModeAndCap() {
    GoldConfig config =
        config(
            "--gold.trigger", "processingTime",
            "--gold.trigger-interval", "5s",
            "--gold.max-files-per-trigger", "8");

    assertThat(config.trigger()).isEqualTo(TriggerMode.PROCESSING_TIME);
    assertThat(config.triggerInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.maxFilesPerTrigger()).isEqualTo(8);
  }

  @Test
  void rescoreDatesComeAsACommaSeparatedFlagSortedAndDistinct() {
    GoldConfig config = config("--gold.rescore-dates", "2026-11-21, 2026-11-20,2026-11-21");

    assertThat(config.rescore()).isTrue();
    assertThat(config.rescoreDates())
        .isEqualTo(List.of(LocalDate.parse("2026-11-20"), LocalDate.parse("2026-11-21")));
  }

  @Test
  void badValuesAreNamedWithKeyAndValue() {
    assertThatThrownBy(() -> config("--gold.rescore-dates", "2026-11-20,20/11/2026"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "Invalid config 'pipeline.gold.rescore-dates' = '2026-11-20,20/11/2026':"
                + " '20/11/2026' is not an ISO date such as 2026-11-20");
    assertThatThrownBy(() -> config("--gold.model-uri", "models:/fraud/latest"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith(
            "Invalid config 'pipeline.gold.model-uri' = 'models:/fraud/latest':")
        .hasMessageContaining("is not a positive number");
    assertThatThrownBy(() -> config("--gold.trigger", "once"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "Invalid config 'pipeline.gold.trigger' = 'once': expected one of availableNow,"
                + " processingTime");
    assertThatThrownBy(() -> config("--gold.max-files-per-trigger", "-1"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "Invalid config 'pipeline.gold.max-files-per-trigger' = '-1': must be at least 0");
  }

  @Test
  void aRescoreDoesNotStream() {
    assertThatThrownBy(
            () ->
                config(
                    "--gold.rescore-dates", "2026-11-20",
                    "--gold.trigger", "processingTime"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "Invalid config 'pipeline.gold.trigger' = 'processingTime': a re-score"
                + " (gold.rescore-dates = [2026-11-20]) is a one-off batch job; leave the trigger at"
                + " availableNow");
  }
}
