package io.anomalypipe.gold.scoring;

import io.anomalypipe.common.config.CommandLine;
import io.anomalypipe.common.config.ConfigReader;
import io.anomalypipe.common.config.PipelineConfigLoader;
import io.anomalypipe.common.features.FeatureDefinition;
import io.anomalypipe.common.mlflow.MlflowConnection;
import io.anomalypipe.common.mlflow.ModelVersion;
import io.anomalypipe.common.mlflow.TrackedRun;
import io.anomalypipe.common.mlflow.model.ModelLogger;
import io.anomalypipe.common.testing.MlflowServerExtension;
import io.anomalypipe.gold.model.CompiledForest;
import io.anomalypipe.gold.model.IsolationForestParams;
import io.anomalypipe.gold.model.IsolationForestTrainer;
import io.anomalypipe.gold.model.ScoringModel;
import io.anomalypipe.gold.registry.IsolationForestFlavor;
import io.anomalypipe.gold.training.TrainingConfig;
import io.anomalypipe.gold.training.TrainingRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Configs, models and tables for the Gold job's tests. */
final class GoldFixture {

  private GoldFixture() {}

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * Flags pointing the job at {@code dir} (tables and checkpoints), the test MLflow server, and the
   * given experiment and registered model, plus {@code extra}.
   */
  static List<String> flags(Path dir, String experiment, String modelName, String... extra) {
    List<String> flags =
        new ArrayList<>(
            List.of(
                "--storage.tables-root", dir.resolve("tables").toString(),
                "--storage.checkpoints-root", dir.resolve("checkpoints").toString(),
                "--mlflow.tracking-uri", MlflowServerExtension.trackingUri(),
                "--mlflow.experiment-name", experiment,
                "--mlflow.registered-model-name", modelName));
    flags.addAll(Arrays.asList(extra));
    return flags;
  }

  static List<String> with(List<String> flags, String... extra) {
    List<String> all = new ArrayList<>(flags);
    all.addAll(Arrays.asList(extra));
    return all;
  }

  static GoldConfig goldConfig(List<String> flags) {
    return GoldConfig.fromConfig(reader(flags));
  }

  static TrainingConfig trainingConfig(List<String> flags) {
    return TrainingConfig.fromConfig(reader(flags));
  }

  static ConfigReader reader(List<String> flags) {
    return ConfigReader.of(
        PipelineConfigLoader.load(CommandLine.parse(flags.toArray(String[]::new))));
  }

  static MlflowConnection mlflow(GoldConfig config) {
    return MlflowConnection.open(config.mlflow(), System::getenv);
  }

  /** Trains on the Silver table the flags point at and registers the model (TrainingRun). */
  static TrainingRun.Result train(SparkSession spark, MlflowConnection mlflow, List<String> flags) {
    return TrainingRun.run(
        spark,
        mlflow,
        trainingConfig(with(flags, "--training.window", "30d", "--training.promotion", "always")),
        unique("training-job"));
  }

  /**
   * Logs and registers a forest fitted to random rows, taking {@code featureNames}: a valid model
   * of the project's flavor that needs no Silver (its scores mean nothing). Points {@code alias} at
   * it unless null.
   */
  static ModelVersion registerSyntheticModel(
      MlflowConnection mlflow,
      String experiment,
      String modelName,
      List<String> featureNames,
      String alias,
      long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] rows = new double[500][featureNames.size()];
    for (double[] row : rows) {
      for (int f = 0; f < row.length; f++) {
        row[f] = random.nextDouble() * 10;
      }
    }
    CompiledForest forest =
        CompiledForest.compile(
            IsolationForestTrainer.fit(
                rows, IsolationForestParams.defaults(seed).withNumTrees(20)));
    ScoringModel model = new ScoringModel(forest, featureNames);
    List<FeatureDefinition> features =
        featureNames.stream()
            .map(name -> new FeatureDefinition(name, FeatureDefinition.MLFLOW_DOUBLE, "synthetic"))
            .toList();
    TrackedRun run = TrackedRun.start(mlflow, experiment, "synthetic model");
    new ModelLogger(mlflow)
        .log(
            run.runId(),
            "model",
            IsolationForestFlavor.artifact(model, features, List.of(rows[0], rows[1])));
    run.finish();
    ModelVersion version = mlflow.registry().registerVersion(modelName, run.runId(), "model");
    if (alias != null) {
      mlflow.registry().setAlias(modelName, alias, version.version());
    }
    return version;
  }

  static Dataset<Row> table(SparkSession spark, String path) {
    return spark.read().format("delta").load(path);
  }

  static long latestVersion(SparkSession spark, String path) {
    return GoldCommits.latestVersion(spark, path);
  }
}
