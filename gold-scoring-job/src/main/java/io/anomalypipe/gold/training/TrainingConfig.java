package io.anomalypipe.gold.training;

import io.anomalypipe.common.config.ConfigReader;
import io.anomalypipe.common.config.InvalidConfigException;
import io.anomalypipe.common.config.SparkSettings;
import io.anomalypipe.common.config.StorageLayout;
import io.anomalypipe.common.mlflow.MlflowSettings;
import io.anomalypipe.common.schema.Tables;
import io.anomalypipe.gold.model.IsolationForestParams;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Everything the training job reads from configuration ({@code pipeline.training}), validated once
 * at start-up.
 *
 * @param mlflow the tracking server, experiment, registered model and alias
 * @param window span of Silver event time the model trains on, ending at {@code windowEnd}
 * @param windowEnd end of the window; empty = the latest event time in Silver
 * @param maxRows cap on training rows; a larger window is sampled (deterministically, by event id)
 * @param forest the Isolation Forest's hyper-parameters (trees, ψ, extension level, seed,
 *     contamination)
 * @param thresholdMode how the decision threshold is set
 * @param fixedThreshold the threshold when {@code thresholdMode} is fixed
 * @param promotion when the new version takes the serving alias
 * @param groundTruthGlob files of labelled anomalies (the generator's ground truth) to evaluate
 *     against; empty = no evaluation
 * @param artifactPath where in the run's artifacts the model directory goes
 */
public record TrainingConfig(
    StorageLayout storage,
    SparkSettings spark,
    MlflowSettings mlflow,
    Duration window,
    Optional<Instant> windowEnd,
    long maxRows,
    IsolationForestParams forest,
    ThresholdMode thresholdMode,
    double fixedThreshold,
    PromotionPolicy promotion,
    Optional<String> groundTruthGlob,
    String artifactPath) {

  public static TrainingConfig fromConfig(ConfigReader pipeline) {
    ConfigReader training = pipeline.section("training");
    IsolationForestParams forest;
    int numTrees = training.intInRange("num-trees", 1, 10_000);
    int subsampleSize = training.intInRange("subsample-size", 2, 1 << 20);
    int extensionLevel = training.intInRange("extension-level", 0, 0);
    long seed = training.longAtLeast("seed", Long.MIN_VALUE);
    double contamination = training.doubleInRange("contamination", 1e-6, 0.5);
    forest =
        new IsolationForestParams(numTrees, subsampleSize, extensionLevel, seed, contamination);
    return new TrainingConfig(
        StorageLayout.fromConfig(pipeline),
        SparkSettings.fromConfig(pipeline),
        MlflowSettings.fromConfig(pipeline),
        training.positiveDuration("window"),
        training.optionalString("window-end").map(value -> instant(training, value)),
        training.longAtLeast("max-rows", 1_000),
        forest,
        training.oneOf("threshold-mode", ThresholdMode.class),
        training.doubleInRange("fixed-threshold", 0.0, 1.0),
        training.oneOf("promotion", PromotionPolicy.class),
        training.optionalString("ground-truth-glob"),
        training.nonBlankString("artifact-path"));
  }

  private static Instant instant(ConfigReader training, String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new InvalidConfigException(
          training.fullKey("window-end"),
          value,
          "expected an ISO-8601 instant such as 2026-11-28T00:00:00Z, or \"\" for the latest event");
    }
  }

  public String silverTablePath() {
    return storage.tablePath(Tables.SILVER_EVENTS);
  }
}
