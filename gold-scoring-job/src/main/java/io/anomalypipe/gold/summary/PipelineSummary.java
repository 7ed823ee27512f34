package io.anomalypipe.gold.summary;

import io.anomalypipe.common.config.ConfigReader;
import io.anomalypipe.common.config.SparkSettings;
import io.anomalypipe.common.config.StorageLayout;
import io.anomalypipe.common.job.JobDescription;
import io.anomalypipe.common.job.JobLauncher;
import io.anomalypipe.common.mlflow.MlflowSettings;
import io.anomalypipe.common.schema.Tables;
import io.anomalypipe.gold.evaluation.GroundTruthFiles;
import io.anomalypipe.gold.evaluation.GroundTruthLabels;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The pipeline's end-of-run summary, the last step of {@code bin/demo}: rows per layer, records
 * quarantined, duplicates dropped, events scored and anomalies flagged, how the scores agree with
 * the generator's ground truth (ROC AUC overall and per anomaly kind, precision and recall of the
 * flags), and where the MLflow UI is. It only reads the tables.
 *
 * <p>Flags (keys relative to {@code pipeline}):
 *
 * <ul>
 *   <li>{@code --config FILE} a profile over the defaults, e.g. {@code conf/local.conf}
 *   <li>{@code --summary.ground-truth-glob GLOB} the generator's ground-truth files, e.g. {@code
 *       "$PWD/.run/ground-truth-*.jsonl"}; "" = no comparison
 *   <li>{@code --storage.tables-root}, {@code --mlflow.tracking-uri}, {@code --spark.master}
 * </ul>
 *
 * <p>How to run it locally, after {@code bin/demo} or the layers one by one:
 *
 * <pre>
 * bin/pipeline-summary --summary.ground-truth-glob "$PWD/.run/ground-truth-*.jsonl"
 * </pre>
 */
public final class PipelineSummary {

  static final JobDescription DESCRIPTION =
      new JobDescription(
          "pipeline-summary",
          "gold",
          "Usage: pipeline-summary [--config FILE] [--<key> VALUE ...]\n"
              + "Prints rows per layer, quarantined records, duplicates dropped, anomalies flagged"
              + " and the agreement of the scores with the generator's ground truth.",
          List.of("summary", "mlflow", "storage", "spark", "observability"));

  private PipelineSummary() {}

  /** What the summary reads: the tables, the MLflow server's address, the ground truth. */
  public record Config(
      StorageLayout storage, SparkSettings spark, MlflowSettings mlflow, String groundTruthGlob) {

    public static Config fromConfig(ConfigReader pipeline) {
      return new Config(
          StorageLayout.fromConfig(pipeline),
          SparkSettings.fromConfig(pipeline),
          MlflowSettings.fromConfig(pipeline),
          pipeline.section("summary").string("ground-truth-glob").strip());
    }
  }

  public static void main(String[] args) {
    JobLauncher.launchOnSpark(
        DESCRIPTION,
        args,
        Config::fromConfig,
        Config::spark,
        (spark, config, runId) -> System.out.print(render(summarise(spark, config), config)));
  }

  /** The figures and, when ground truth is configured and found, the agreement with it. */
  public record Summary(
      PipelineFigures figures, int groundTruthFiles, Optional<GroundTruthAgreement> agreement) {}

  public static Summary summarise(SparkSession spark, Config config) {
    PipelineFigures figures = PipelineFigures.measure(spark, config.storage());
    List<Path> files =
        config.groundTruthGlob().isEmpty()
            ? List.of()
            : GroundTruthFiles.matching(config.groundTruthGlob());
    Dataset<Row> predictions =
        PipelineFigures.table(spark, config.storage(), Tables.GOLD_ANOMALY_PREDICTIONS);
    Optional<GroundTruthAgreement> agreement =
        files.isEmpty() || predictions == null
            ? Optional.empty()
            : GroundTruthAgreement.measure(spark, predictions, GroundTruthLabels.read(files));
    return new Summary(figures, files.size(), agreement);
  }

  /** The summary as the lines the demo prints. */
  public static String render(Summary summary, Config config) {
    PipelineFigures f = summary.figures();
    StringBuilder out = new StringBuilder();
    line(out, "tables", config.storage().tablesRoot());
    line(out, "bronze_events", "%,d Kafka records", f.bronzeRows());
    line(
        out,
        "silver_events",
        "%,d events (%,d duplicates dropped, %,d batches, %d not reconciled)",
        f.silverRows(),
        f.duplicatesDropped(),
        f.silverBatches(),
        f.silverBatchesNotReconciled());
    line(
        out,
        "silver_quarantine",
        "%,d records (bin/silver-report: per rule)",
        f.quarantinedRecords());
    line(
        out,
        "gold_events_scored",
        "%,d events scored; %,d Silver events not scored yet",
        f.scoredRows(),
        f.silverEventsNotScored());
    line(
        out,
        "gold_anomaly_predictions",
        "%,d rows, %,d flagged as anomalies (%.2f%%), model %s",
        f.predictionRows(),
        f.anomaliesFlagged(),
        f.predictionRows() == 0 ? 0.0 : 100.0 * f.anomaliesFlagged() / f.predictionRows(),
        f.modelVersions().isEmpty() ? "-" : String.join(", ", f.modelVersions()));
    if (summary.agreement().isPresent()) {
      GroundTruthAgreement a = summary.agreement().get();
      line(
          out,
          "ground truth",
          "%,d labelled anomalies among the %,d scored events (%d files)",
          a.labelledScored(),
          a.scored(),
          summary.groundTruthFiles());
      line(out, "ROC AUC", "%.4f (scores vs labels)", a.rocAuc());
      a.rocAucByKind().forEach((kind, auc) -> line(out, "  " + kind, "%.4f", auc));
      line(
          out,
          "flags",
          "precision %.3f, recall %.3f (%,d of the flagged events are labelled)",
          a.precision(),
          a.recall(),
          a.flaggedLabelled());
    } else {
      line(
          out,
          "ground truth",
          config.groundTruthGlob().isEmpty()
              ? "not compared (--summary.ground-truth-glob not set)"
              : "no labelled anomaly among the scored events ("
                  + summary.groundTruthFiles()
                  + " files match "
                  + config.groundTruthGlob()
                  + ")");
    }
    MlflowSettings mlflow = config.mlflow();
    line(
        out,
        "MLflow UI",
        "%s (experiment '%s', model models:/%s@%s)",
        mlflow.isDatabricks() ? "the Databricks workspace" : mlflow.trackingUri(),
        mlflow.experimentName(),
        mlflow.registeredModelName(),
        mlflow.alias());
    return out.toString();
  }

  private static void line(StringBuilder out, String label, String format, Object... values) {
    out.append(String.format(Locale.ROOT, "%-26s ", label + ":"))
        .append(String.format(Locale.ROOT, format, values))
        .append('\n');
  }
}
