package io.anomalypipe.gold.scoring;

import io.anomalypipe.common.job.BuildInfo;
import io.anomalypipe.common.mlflow.MlflowConnection;
import io.anomalypipe.common.mlflow.TrackedRun;
import io.anomalypipe.gold.registry.RegisteredForest;
import io.anomalypipe.gold.report.ScoreHistogramChart;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MLflow run of one Gold job run (its "inference run"), in the configured experiment: tags that
 * link it to the model (registered name, version, the model's run, the SHA-256 of its data) and to
 * the tables, the job's settings as params, one step of metrics per micro-batch (step = batch id:
 * rows, anomaly rate, quantiles, the Silver versions read and the Gold versions written), and at
 * the end the run's totals, its score quantiles and a histogram PNG. Every Gold row the run writes
 * carries its id as {@code scoring_run_id}.
 *
 * <p>Per-batch logging is best effort: a batch whose rows are committed is not failed because the
 * tracking server blinked (a warning is logged). The final summary is not: if it cannot be logged
 * the job fails, though its Gold rows are committed and a rerun finds nothing left to do.
 *
 * <p>With the processingTime trigger the run lasts as long as the query: the per-batch steps are
 * its record, the summary is logged when the query stops cleanly; a job killed from outside leaves
 * the run RUNNING with its steps.
 */
public final class InferenceRun {
  private static final Logger LOG = LoggerFactory.getLogger(InferenceRun.class);

  public static final String TAG_JOB = "anomaly_pipeline.job";
  public static final String TAG_JOB_RUN_ID = "anomaly_pipeline.job_run_id";
  public static final String TAG_GIT_COMMIT = "anomaly_pipeline.git_commit";
  public static final String TAG_PROJECT_VERSION = "anomaly_pipeline.project_version";
  public static final String TAG_MODE = "anomaly_pipeline.scoring_mode";
  public static final String TAG_MODEL_URI = "anomaly_pipeline.model_uri";
  public static final String TAG_MODEL_NAME = "anomaly_pipeline.model_name";
  public static final String TAG_MODEL_VERSION = "anomaly_pipeline.model_version";
  public static final String TAG_MODEL_RUN_ID = "anomaly_pipeline.model_run_id";
  public static final String TAG_MODEL_DATA_SHA256 = "anomaly_pipeline.model_data_sha256";
  public static final String TAG_SILVER_PATH = "anomaly_pipeline.silver_table_path";
  public static final String TAG_SCORED_PATH = "anomaly_pipeline.gold_events_scored_path";
  public static final String TAG_PREDICTIONS_PATH =
      "anomaly_pipeline.gold_anomaly_predictions_path";
  public static final String TAG_RESCORE_DATES = "anomaly_pipeline.rescore_dates";

  public static final String HISTOGRAM_ARTIFACT = "plots/scoring_score_histogram.png";

  private final TrackedRun run;
  private final RegisteredForest model;
  private final GoldTableVersions before;
  private ScoreSummary summary = ScoreSummary.EMPTY;
  private long batches;
  private long replayedBatches;
  private long scoredRowsWritten;
  private long predictionRowsWritten;
  private OptionalLong silverVersionMin = OptionalLong.empty();
  private OptionalLong silverVersionMax = OptionalLong.empty();

  private InferenceRun(TrackedRun run, RegisteredForest model, GoldTableVersions before) {
    this.run = run;
    this.model = model;
    this.before = before;
  }

  /** Starts the run and logs its tags and params. */
  static InferenceRun start(
      MlflowConnection mlflow,
      GoldConfig config,
      RegisteredForest model,
      String jobRunId,
      GoldTableVersions before) {
    String mode = config.rescore() ? "rescore" : "incremental";
    TrackedRun run =
        TrackedRun.start(
            mlflow, config.mlflow().experimentName(), "score " + mode + " " + model.describe());
    try {
      run.tags(tags(config, model, jobRunId, mode));
      run.params(params(config, model));
      return new InferenceRun(run, model, before);
    } catch (RuntimeException e) {
      run.failQuietly(e);
      throw e;
    }
  }

  public String runId() {
    return run.runId();
  }

  /** Adds a batch to the run's totals and logs its step metrics (best effort). */
  synchronized void record(BatchReport batch) {
    if (batch.summary().rows() == 0 && batch.scoredVersion().isEmpty()) {
      return;
    }
    summary = summary.plus(batch.summary());
    batches++;
    replayedBatches += batch.replayed() ? 1 : 0;
    scoredRowsWritten += batch.scoredInserted();
    predictionRowsWritten += batch.predictionsInserted();
    silverVersionMin = min(silverVersionMin, batch.silverVersionMin());
    silverVersionMax = max(silverVersionMax, batch.silverVersionMax());
    try {
      run.metrics(batch.asMetrics(), batch.batchId());
    } catch (RuntimeException e) {
      LOG.atWarn()
          .addKeyValue("mlflow_run_id", run.runId())
          .addKeyValue("batch_id", batch.batchId())
          .log(
              "could not log the metrics of batch {} to MLflow: {}",
              batch.batchId(),
              e.getMessage());
    }
  }

  /** Logs the totals, the quantiles and the histogram, and marks the run FINISHED. */
  synchronized ScoringOutcome finish(GoldTableVersions after) {
    ScoringOutcome outcome = outcome(after);
    try {
      Map<String, Double> metrics = new LinkedHashMap<>(summary.asMetrics(""));
      metrics.put("batches", (double) batches);
      metrics.put("replayed_batches", (double) replayedBatches);
      metrics.put("gold_events_scored_rows_written", (double) scoredRowsWritten);
      metrics.put("gold_anomaly_predictions_rows_written", (double) predictionRowsWritten);
      silverVersionMin.ifPresent(v -> metrics.put("silver_version_min", (double) v));
      silverVersionMax.ifPresent(v -> metrics.put("silver_version_max", (double) v));
      metrics.put("gold_events_scored_version_before", (double) before.scored());
      metrics.put("gold_events_scored_version_after", (double) after.scored());
      metrics.put("gold_anomaly_predictions_version_before", (double) before.predictions());
      metrics.put("gold_anomaly_predictions_version_after", (double) after.predictions());
      metrics.put("threshold", model.model().forest().threshold());
      run.metrics(metrics, 0);
      if (summary.rows() > 0) {
        run.artifact(
            HISTOGRAM_ARTIFACT,
            ScoreHistogramChart.png(
                summary.histogram(),
                model.model().forest().threshold(),
                "scores, " + model.describe() + ", Silver v" + silverVersionsText()));
      }
      run.finish();
    } catch (RuntimeException e) {
      run.failQuietly(e);
      throw e;
    }
    LOG.atInfo()
        .addKeyValue("mlflow_run_id", run.runId())
        .addKeyValue("rows_scored", summary.rows())
        .addKeyValue("anomalies", summary.anomalies())
        .addKeyValue("anomaly_rate", summary.anomalyRate())
        .addKeyValue("batches", batches)
        .log("scored {} rows in {} batches with {}", summary.rows(), batches, model.describe());
    return outcome;
  }

  /** Marks the run FAILED (best effort, while the failure propagates). */
  void failQuietly(Throwable cause) {
    run.failQuietly(cause);
  }

  synchronized ScoringOutcome outcome(GoldTableVersions after) {
    return new ScoringOutcome(
        run.runId(),
        model,
        summary,
        batches,
        replayedBatches,
        silverVersionMin,
        silverVersionMax,
        before,
        after,
        scoredRowsWritten,
        predictionRowsWritten);
  }

  private String silverVersionsText() {
    long first = silverVersionMin.orElse(-1);
    long last = silverVersionMax.orElse(-1);
    return first == last ? Long.toString(first) : first + "-" + last;
  }

  private static Map<String, Object> tags(
      GoldConfig config, RegisteredForest model, String jobRunId, String mode) {
    BuildInfo build = BuildInfo.current();
    Map<String, Object> tags = new LinkedHashMap<>();
    tags.put(TAG_JOB, "gold-scoring");
    tags.put(TAG_JOB_RUN_ID, jobRunId);
    tags.put(TAG_GIT_COMMIT, build.gitCommit());
    tags.put(TAG_PROJECT_VERSION, build.version());
    tags.put(TAG_MODE, mode);
    tags.put(TAG_MODEL_URI, model.reference().requestedUri());
    model.reference().modelName().ifPresent(name -> tags.put(TAG_MODEL_NAME, name));
    model.reference().version().ifPresent(version -> tags.put(TAG_MODEL_VERSION, version));
    tags.put(TAG_MODEL_RUN_ID, model.reference().runId());
    tags.put(TAG_MODEL_DATA_SHA256, model.dataSha256());
    tags.put(TAG_SILVER_PATH, config.silverTablePath());
    tags.put(TAG_SCORED_PATH, config.scoredTablePath());
    tags.put(TAG_PREDICTIONS_PATH, config.predictionsTablePath());
    if (config.rescore()) {
      tags.put(TAG_RESCORE_DATES, datesText(config));
    }
    return tags;
  }

  private static Map<String, Object> params(GoldConfig config, RegisteredForest model) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("model_uri", model.reference().requestedUri());
    params.put("threshold", model.model().forest().threshold());
    params.put("features", String.join(",", model.model().featureNames()));
    if (config.rescore()) {
      params.put("rescore_dates", datesText(config));
    } else {
      params.put("trigger", config.trigger());
      params.put("trigger_interval", config.triggerInterval());
      params.put("max_files_per_trigger", config.maxFilesPerTrigger());
    }
    return params;
  }

  private static String datesText(GoldConfig config) {
    return config.rescoreDates().stream().map(LocalDate::toString).collect(Collectors.joining(","));
  }

  private static OptionalLong min(OptionalLong a, OptionalLong b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.isEmpty() ? a : OptionalLong.of(Math.min(a.getAsLong(), b.getAsLong()));
  }

  private static OptionalLong max(OptionalLong a, OptionalLong b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.isEmpty() ? a : OptionalLong.of(Math.max(a.getAsLong(), b.getAsLong()));
  }
}
