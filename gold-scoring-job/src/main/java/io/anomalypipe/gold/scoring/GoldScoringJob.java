package io.anomalypipe.gold.scoring;

import io.anomalypipe.common.job.JobDescription;
import io.anomalypipe.common.job.JobLauncher;
import io.anomalypipe.common.mlflow.MlflowConnection;
import java.util.List;
import java.util.Locale;

/**
 * Gold scoring: {@code silver_events} → features ({@code EventFeatures}, the definition the model
 * was trained on) → the registered Isolation Forest → {@code gold_events_scored} (each event with
 * its features, raw score and model) and {@code gold_anomaly_predictions} (the flag, score and
 * threshold).
 *
 * <p>The model ({@code models:/<name>@<alias>} by default) is loaded from MLflow once, on the
 * driver, before any table is created: if the server is unreachable, the alias missing, a checksum
 * differs or the model takes other features, the job stops with exit code 1 and a message saying
 * which, and writes nothing. It is broadcast to the executors once ({@link IsolationForestScorer}).
 *
 * <p><b>Incremental mode</b> (the default): Silver's change data feed is read as a stream
 * (checkpointed; the first run scores all of Silver, later runs what Silver inserted since), and
 * each micro-batch is scored and MERGEd into both tables, replay-safe ({@link GoldBatchWriter}: how
 * far back the features look and why, and the known limitation with late events). {@code
 * availableNow} stops when Silver is caught up; {@code processingTime} keeps going.
 *
 * <p><b>Re-score mode</b> ({@code --gold.rescore-dates}): the given dates' Silver events are scored
 * with the configured model and replace those dates' rows in both tables ({@link GoldRescore}); the
 * checkpoint is not touched.
 *
 * <p>Every run is an MLflow run (its inference run, {@link InferenceRun}) in the configured
 * experiment, linked to the model, with the rows scored, anomaly rate, score quantiles, a
 * histogram, and the Silver and Gold table versions; its id is on every row it writes.
 *
 * <p>Flags (keys relative to {@code pipeline}; {@code --help} prints each with its default):
 *
 * <ul>
 *   <li>{@code --config FILE} a profile over the defaults, e.g. {@code conf/local.conf}
 *   <li>{@code --gold.model-uri models:/<name>@<alias>|models:/<name>/<version>|runs:/<run>/<path>}
 *       the model; "" (default) = {@code models:/<mlflow.registered-model-name>@<mlflow.alias>}
 *   <li>{@code --gold.trigger availableNow|processingTime}, {@code --gold.trigger-interval 1m}
 *   <li>{@code --gold.max-files-per-trigger} cap on Silver files per micro-batch (0 = Delta's)
 *   <li>{@code --gold.rescore-dates 2026-11-20,2026-11-21} re-score these dates instead
 *   <li>{@code --mlflow.tracking-uri}, {@code --mlflow.experiment-name} (the inference run's
 *       experiment), {@code --mlflow.registered-model-name}, {@code --mlflow.alias}, {@code
 *       --mlflow.credentials.*} (names of the environment variables holding credentials), {@code
 *       --mlflow.connect-timeout}, {@code --mlflow.request-timeout}
 *   <li>{@code --storage.tables-root}, {@code --storage.checkpoints-root} (the query's checkpoint
 *       is {@code <checkpoints-root>/gold_scoring})
 *   <li>{@code --spark.master}, {@code --spark.conf.<spark key>}
 * </ul>
 *
 * <p>How to run it locally (after {@code bin/silver} filled Silver and {@code bin/train} registered
 * a model; {@code bin/services start} runs the MLflow server):
 *
 * <pre>
 * bin/score                                    # score what Silver added since the last run
 * bin/score --gold.trigger processingTime --gold.trigger-interval 30s   # or keep going
 * bin/score --gold.rescore-dates 2026-11-20,2026-11-21 --gold.model-uri models:/anomaly-pipeline-isolation-forest/3
 * # or, with a Spark distribution:
 * spark-submit --class io.anomalypipe.gold.scoring.GoldScoringJob \
 *   gold-scoring-job/target/gold-scoring-job-0.1.0-SNAPSHOT-spark.jar --config conf/local.conf
 * </pre>
 */
public final class GoldScoringJob {

  static final JobDescription DESCRIPTION =
      new JobDescription(
          "gold-scoring-job",
          "gold",
          "Usage: gold-scoring-job [--config FILE] [--<key> VALUE ...]\n"
              + "Scores silver_events with the registered Isolation Forest into gold_events_scored"
              + " and gold_anomaly_predictions (incrementally, or --gold.rescore-dates).",
          List.of("gold", "mlflow", "storage", "spark", "observability"));

  private GoldScoringJob() {}

  /** One plain line for a person at a terminal: what was scored, with which model. */
  static String describe(ScoringOutcome outcome) {
    return String.format(
        Locale.ROOT,
        "scored %,d events in %d batches with %s: %,d flagged as anomalies; inference run %s",
        outcome.summary().rows(),
        outcome.batches(),
        outcome.model().describe(),
        outcome.summary().anomalies(),
        outcome.inferenceRunId());
  }

  public static void main(String[] args) {
    JobLauncher.launchOnSpark(
        DESCRIPTION,
        args,
        GoldConfig::fromConfig,
        GoldConfig::spark,
        (spark, config, runId) -> {
          try (MlflowConnection mlflow =
              MlflowConnection.open(
                  config.mlflow(), System::getenv, spark.sparkContext().hadoopConfiguration())) {
            System.out.println(describe(GoldScoring.run(spark, mlflow, config, runId)));
          }
        });
  }
}
