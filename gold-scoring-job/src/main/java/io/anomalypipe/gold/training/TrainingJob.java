package io.anomalypipe.gold.training;

import io.anomalypipe.common.job.JobDescription;
import io.anomalypipe.common.job.JobLauncher;
import io.anomalypipe.common.mlflow.MlflowConnection;
import java.util.List;
import java.util.Locale;

/**
 * Training: a window of {@code silver_events} → features ({@code EventFeatures}, the definition
 * Gold scores with) → an Isolation Forest → an MLflow run (params, metrics, a score histogram, the
 * model directory) → a new version of the registered model, which takes the serving alias unless
 * the policy says the champion is better.
 *
 * <p>Silver is read at one pinned Delta version (recorded on the run); the window's rows are
 * brought to the driver in a fixed order and the forest is trained there, single-threaded and
 * seeded, so the same Silver version and config give the same model bit for bit. The MLflow server
 * is checked first: unreachable or refusing the credentials, the job stops (exit 1) before reading
 * Silver, and nothing is registered.
 *
 * <p>Flags (keys relative to {@code pipeline}; {@code --help} prints each with its default):
 *
 * <ul>
 *   <li>{@code --config FILE} a profile over the defaults, e.g. {@code conf/local.conf}
 *   <li>{@code --training.window 30d}, {@code --training.window-end 2026-11-28T00:00:00Z} the
 *       Silver event-time window; {@code --training.max-rows} the sampling cap
 *   <li>{@code --training.num-trees}, {@code --training.subsample-size}, {@code
 *       --training.extension-level}, {@code --training.seed} the forest
 *   <li>{@code --training.threshold-mode contamination|fixed}, {@code --training.contamination},
 *       {@code --training.fixed-threshold}
 *   <li>{@code --training.promotion always|whenNotWorse}, {@code --training.ground-truth-glob}
 *       labelled anomalies to evaluate against, {@code --training.artifact-path}
 *   <li>{@code --mlflow.tracking-uri}, {@code --mlflow.experiment-name}, {@code
 *       --mlflow.registered-model-name}, {@code --mlflow.alias}, {@code --mlflow.credentials.*}
 *       (names of the environment variables holding credentials)
 *   <li>{@code --storage.tables-root}, {@code --spark.master}, {@code --spark.conf.<spark key>}
 * </ul>
 *
 * <p>How to run it locally (after {@code bin/silver} filled Silver; {@code bin/services start} runs
 * the MLflow server):
 *
 * <pre>
 * bin/train                                   # train on the last 30 days of Silver, register
 * bin/train --training.ground-truth-glob "$PWD/.run/ground-truth-*.jsonl"   # and evaluate
 * # or, with a Spark distribution:
 * spark-submit --class io.anomalypipe.gold.training.TrainingJob \
 *   gold-scoring-job/target/gold-scoring-job-0.1.0-SNAPSHOT-spark.jar --config conf/local.conf
 * </pre>
 */
public final class TrainingJob {

  static final JobDescription DESCRIPTION =
      new JobDescription(
          "training-job",
          "gold",
          "Usage: training-job [--config FILE] [--<key> VALUE ...]\n"
              + "Trains an Isolation Forest on a window of silver_events, logs it to MLflow and"
              + " registers it as a new version of the registered model.",
          List.of("training", "mlflow", "storage", "spark", "observability"));

  private TrainingJob() {}

  /**
   * One plain line for a person at a terminal (the structured log has it all): the version
   * registered, its quality against the ground truth when known, and whether it took the alias.
   */
  static String describe(TrainingRun.Result result) {
    String quality =
        result
            .outcome()
            .quality()
            .map(q -> String.format(Locale.ROOT, ", ROC AUC %.4f on the training rows", q.rocAuc()))
            .orElse("");
    return String.format(
        Locale.ROOT,
        "trained on %,d Silver rows (Silver version %d): registered models:/%s/%d (run %s)%s; %s (%s)",
        result.matrix().rowCount(),
        result.silverVersion(),
        result.version().name(),
        result.version().version(),
        result.mlflowRunId(),
        quality,
        result.promotion().promote() ? "now the serving alias" : "the serving alias stays",
        result.promotion().reason());
  }

  public static void main(String[] args) {
    JobLauncher.launchOnSpark(
        DESCRIPTION,
        args,
        TrainingConfig::fromConfig,
        TrainingConfig::spark,
        (spark, config, runId) -> {
          try (MlflowConnection mlflow =
              MlflowConnection.open(
                  config.mlflow(), System::getenv, spark.sparkContext().hadoopConfiguration())) {
            System.out.println(describe(TrainingRun.run(spark, mlflow, config, runId)));
          }
        });
  }
}
