package io.anomalypipe.gold.training;

import static org.apache.spark.sql.functions.max;

import io.anomalypipe.common.drift.DriftBaseline;
import io.anomalypipe.common.features.EventFeatures;
import io.anomalypipe.common.features.FeatureWindow;
import io.anomalypipe.common.job.BuildInfo;
import io.anomalypipe.common.mlflow.MlflowConnection;
import io.anomalypipe.common.mlflow.MlflowException;
import io.anomalypipe.common.mlflow.ModelVersion;
import io.anomalypipe.common.mlflow.TrackedRun;
import io.anomalypipe.common.mlflow.model.LoggedModel;
import io.anomalypipe.common.mlflow.model.ModelLogger;
import io.anomalypipe.common.schema.SilverTable;
import io.anomalypipe.gold.evaluation.DetectionQuality;
import io.anomalypipe.gold.evaluation.GroundTruthFiles;
import io.anomalypipe.gold.evaluation.GroundTruthLabels;
import io.anomalypipe.gold.model.ScoringModel;
import io.anomalypipe.gold.registry.IsolationForestFlavor;
import io.anomalypipe.gold.registry.RegisteredForest;
import io.anomalypipe.gold.report.ScoreHistogramChart;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run, step by step: pin Silver, select the window's feature rows, train on the
 * driver, log the run to MLflow (params, metrics, histogram, drift baseline, model directory),
 * register a version and decide whether it takes the alias. The MLflow connection is opened (and
 * checked) by the caller before any of this, so an unreachable server stops the job before Spark
 * works.
 */
public final class TrainingRun {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

  /** Run tags the pipeline sets (MLflow's own start with "mlflow."). */
  public static final String TAG_JOB = "anomaly_pipeline.job";

  public static final String TAG_JOB_RUN_ID = "anomaly_pipeline.job_run_id";
  public static final String TAG_GIT_COMMIT = "anomaly_pipeline.git_commit";
  public static final String TAG_PROJECT_VERSION = "anomaly_pipeline.project_version";
  public static final String TAG_SILVER_PATH = "anomaly_pipeline.silver_table_path";
  public static final String TAG_SILVER_VERSION = "anomaly_pipeline.silver_table_version";
  public static final String TAG_REGISTERED_VERSION = "anomaly_pipeline.registered_version";
  public static final String TAG_PROMOTED = "anomaly_pipeline.promoted";
  public static final String TAG_PROMOTION_REASON = "anomaly_pipeline.promotion_reason";

  public static final String HISTOGRAM_ARTIFACT = "plots/training_score_histogram.png";

  /** Rows of the MLmodel input example. */
  private static final int INPUT_EXAMPLE_ROWS = 5;

  private TrainingRun() {}

  /** What a run produced, for the caller's summary and for tests. */
  public record Result(
      String mlflowRunId,
      LoggedModel model,
      ModelVersion version,
      PromotionDecision promotion,
      TrainingOutcome outcome,
      FeatureMatrix matrix,
      long silverVersion) {}

  public static Result run(
      SparkSession spark, MlflowConnection mlflow, TrainingConfig config, String jobRunId) {
    SilverSnapshot silver = SilverSnapshot.latest(spark, config.silverTablePath());
    FeatureWindow window = trainingWindow(silver, config);
    FeatureMatrix matrix = collectTrainingRows(silver, window, config);
    Optional<GroundTruthLabels> labels = groundTruth(config);
    TrainingOutcome outcome =
        ModelTraining.train(
            matrix, config.forest(), config.thresholdMode(), config.fixedThreshold(), labels);
    logOutcome(outcome, matrix, silver);

    TrackedRun run =
        TrackedRun.start(mlflow, config.mlflow().experimentName(), "train " + window.end());
    try {
      run.tags(tags(silver, jobRunId));
      run.params(params(config, window, matrix));
      run.metrics(metrics(outcome, matrix), 0);
      run.artifact(
          HISTOGRAM_ARTIFACT,
          ScoreHistogramChart.png(
              outcome.scoreHistogram(),
              outcome.compiled().threshold(),
              "training scores, Silver v" + silver.version()));
      // what the monitor's drift checks compare recent Gold rows with
      run.artifact(
          DriftBaseline.ARTIFACT_PATH,
          DriftBaseline.of(matrix.featureNames(), matrix.rows(), outcome.trainingScores())
              .toJson());
      ScoringModel model = new ScoringModel(outcome.compiled(), matrix.featureNames());
      LoggedModel logged =
          new ModelLogger(mlflow)
              .log(
                  run.runId(),
                  config.artifactPath(),
                  IsolationForestFlavor.artifact(
                      model, EventFeatures.FEATURES, inputExample(matrix)));
      String modelName = config.mlflow().registeredModelName();
      String alias = config.mlflow().alias();
      // compare before registering: the new version must not be compared with itself
      PromotionDecision decision = decidePromotion(mlflow, config, matrix, outcome, labels);
      ModelVersion version =
          mlflow.registry().registerVersion(modelName, run.runId(), config.artifactPath());
      if (decision.promote()) {
        mlflow.registry().setAlias(modelName, alias, version.version());
      }
      run.tags(
          Map.of(
              TAG_REGISTERED_VERSION, version.version(),
              TAG_PROMOTED, decision.promote(),
              TAG_PROMOTION_REASON, decision.reason()));
      run.finish();
      LOG.atInfo()
          .addKeyValue("mlflow_run_id", run.runId())
          .addKeyValue("model_version", version.version())
          .addKeyValue("promoted", decision.promote())
          .addKeyValue("promotion_reason", decision.reason())
          .log(
              "registered {} v{}{}",
              modelName,
              version.version(),
              decision.promote() ? " as @" + alias : " (alias unchanged)");
      return new Result(run.runId(), logged, version, decision, outcome, matrix, silver.version());
    } catch (RuntimeException e) {
      run.failQuietly(e);
      throw e;
    }
  }

  /** [end − window, end): end is the configured instant, or just after Silver's latest event. */
  public static FeatureWindow trainingWindow(SilverSnapshot silver, TrainingConfig config) {
    Instant end =
        config
            .windowEnd()
            .orElseGet(
                () -> {
                  Row latest = silver.rows().agg(max(SilverTable.EVENT_TIME_MILLIS)).head();
                  if (latest.isNullAt(0)) {
                    throw new IllegalStateException(
                        "Silver table "
                            + silver.path()
                            + " (version "
                            + silver.version()
                            + ") holds no events to train on");
                  }
                  return Instant.ofEpochMilli(latest.getLong(0) + 1);
                });
    return FeatureWindow.ending(end, config.window());
  }

  public static FeatureMatrix collectTrainingRows(
      SilverSnapshot silver, FeatureWindow window, TrainingConfig config) {
    Dataset<Row> features =
        TrainingSet.features(silver.rows(), window).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long windowRows = features.count();
      double fraction = TrainingSet.fractionFor(windowRows, config.maxRows());
      FeatureMatrix matrix =
          TrainingSet.collect(TrainingSet.sample(features, fraction, config.forest().seed()));
      LOG.atInfo()
          .addKeyValue("window_start", window.start().toString())
          .addKeyValue("window_end", window.end().toString())
          .addKeyValue("window_rows", windowRows)
          .addKeyValue("training_rows", matrix.rowCount())
          .addKeyValue("sampling_fraction", fraction)
          .log("collected {} training rows of {} in the window", matrix.rowCount(), windowRows);
      return matrix;
    } finally {
      features.unpersist();
    }
  }

  static Optional<GroundTruthLabels> groundTruth(TrainingConfig config) {
    if (config.groundTruthGlob().isEmpty()) {
      return Optional.empty();
    }
    List<Path> files = GroundTruthFiles.matching(config.groundTruthGlob().get());
    if (files.isEmpty()) {
      LOG.atWarn()
          .addKeyValue("ground_truth_glob", config.groundTruthGlob().get())
          .log("no ground-truth file matches {}: no evaluation", config.groundTruthGlob().get());
      return Optional.empty();
    }
    GroundTruthLabels labels = GroundTruthLabels.read(files);
    LOG.atInfo()
        .addKeyValue("ground_truth_files", files.size())
        .addKeyValue("labelled_events", labels.size())
        .log("read {} labelled anomalies from {} files", labels.size(), files.size());
    return Optional.of(labels);
  }

  /**
   * Scores the same rows with the current champion to compare. A champion that cannot be loaded for
   * these features (trained by an older pipeline, say) is reported, not fatal: the new version then
   * takes its place.
   */
  static PromotionDecision decidePromotion(
      MlflowConnection mlflow,
      TrainingConfig config,
      FeatureMatrix matrix,
      TrainingOutcome outcome,
      Optional<GroundTruthLabels> labels) {
    String modelName = config.mlflow().registeredModelName();
    Optional<ModelVersion> champion =
        mlflow.registry().findVersionForAlias(modelName, config.mlflow().alias());
    Optional<Long> championVersion = champion.map(ModelVersion::version);
    Optional<DetectionQuality> championQuality = Optional.empty();
    Optional<String> whyNotCompared = Optional.empty();
    if (champion.isPresent()
        && labels.isPresent()
        && outcome.quality().isPresent()
        && config.promotion() == PromotionPolicy.whenNotWorse) {
      try {
        RegisteredForest current =
            RegisteredForest.load(mlflow, champion.get().uri(), matrix.featureNames());
        double[] scores = ModelTraining.score(current.model().forest(), matrix);
        championQuality = ModelTraining.evaluate(scores, matrix, labels.get());
      } catch (MlflowException e) { // not found, not this flavor, other features, checksum
        whyNotCompared = Optional.of(e.getMessage());
      }
    }
    return PromotionDecision.decide(
        config.promotion(), championVersion, outcome.quality(), championQuality, whyNotCompared);
  }

  private static Map<String, Object> tags(SilverSnapshot silver, String jobRunId) {
    BuildInfo build = BuildInfo.current();
    Map<String, Object> tags = new LinkedHashMap<>();
    tags.put(TAG_JOB, "training");
    tags.put(TAG_JOB_RUN_ID, jobRunId);
    tags.put(TAG_GIT_COMMIT, build.gitCommit());
    tags.put(TAG_PROJECT_VERSION, build.version());
    tags.put(TAG_SILVER_PATH, silver.path());
    tags.put(TAG_SILVER_VERSION, silver.version());
    return tags;
  }

  private static Map<String, Object> params(
      TrainingConfig config, FeatureWindow window, FeatureMatrix matrix) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("num_trees", config.forest().numTrees());
    params.put("subsample_size", config.forest().subsampleSize());
    params.put("extension_level", config.forest().extensionLevel());
    params.put("seed", config.forest().seed());
    params.put("threshold_mode", config.thresholdMode());
    if (config.thresholdMode() == ThresholdMode.fixed) {
      params.put("fixed_threshold", config.fixedThreshold());
    } else {
      params.put("contamination", config.forest().contamination());
    }
    params.put("window", config.window());
    params.put("window_start", window.start());
    params.put("window_end", window.end());
    params.put("max_rows", config.maxRows());
    params.put("promotion", config.promotion());
    params.put("features", String.join(",", matrix.featureNames()));
    return params;
  }

  static Map<String, Double> metrics(TrainingOutcome outcome, FeatureMatrix matrix) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("training_rows", (double) matrix.rowCount());
    metrics.put("training_time_ms", (double) outcome.trainingMillis());
    metrics.put("threshold", outcome.compiled().threshold());
    metrics.put("training_flagged_rows", (double) outcome.flagged());
    metrics.put("training_flagged_rate", outcome.flaggedRate());
    metrics.putAll(outcome.scoreQuantiles().asMetrics("training_score"));
    metrics.putAll(outcome.featureStatistics().asMetrics());
    outcome
        .quality()
        .ifPresent(
            quality -> {
              metrics.put("labelled_anomalies", (double) quality.positives());
              metrics.put("roc_auc", quality.rocAuc());
              metrics.put("pr_auc", quality.prAuc());
              metrics.put("precision_at_k", quality.precisionAtK());
              metrics.put("precision_at_k_k", (double) quality.k());
              quality
                  .rocAucByKind()
                  .forEach(
                      (kind, auc) -> metrics.put("roc_auc_" + kind.toLowerCase(Locale.ROOT), auc));
            });
    return metrics;
  }

  private static List<double[]> inputExample(FeatureMatrix matrix) {
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < Math.min(INPUT_EXAMPLE_ROWS, matrix.rowCount()); i++) {
      rows.add(matrix.rows()[i]);
    }
    return rows;
  }

  private static void logOutcome(
      TrainingOutcome outcome, FeatureMatrix matrix, SilverSnapshot silver) {
    var event =
        LOG.atInfo()
            .addKeyValue("silver_version", silver.version())
            .addKeyValue("training_rows", matrix.rowCount())
            .addKeyValue("training_time_ms", outcome.trainingMillis())
            .addKeyValue("threshold", outcome.compiled().threshold())
            .addKeyValue("flagged_rate", outcome.flaggedRate());
    if (outcome.quality().isPresent()) {
      event =
          event
              .addKeyValue("roc_auc", outcome.quality().get().rocAuc())
              .addKeyValue("pr_auc", outcome.quality().get().prAuc());
    }
    event.log("trained on {} rows in {} ms", matrix.rowCount(), outcome.trainingMillis());
  }
}
