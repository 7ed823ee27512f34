package io.anomalypipe.bench;

import io.anomalypipe.common.config.CommandLine;
import io.anomalypipe.common.config.ConfigReader;
import io.anomalypipe.common.config.PipelineConfigLoader;
import io.anomalypipe.common.config.SparkSettings;
import io.anomalypipe.common.features.FeatureWindow;
import io.anomalypipe.common.mlflow.MlflowConnection;
import io.anomalypipe.common.schema.SilverTable;
import io.anomalypipe.common.spark.SparkSessions;
import io.anomalypipe.gold.GeneratedSilverEvents;
import io.anomalypipe.gold.model.IsolationForestTrainer;
import io.anomalypipe.gold.training.FeatureMatrix;
import io.anomalypipe.gold.training.ModelTraining;
import io.anomalypipe.gold.training.SilverSnapshot;
import io.anomalypipe.gold.training.TrainingConfig;
import io.anomalypipe.gold.training.TrainingOutcome;
import io.anomalypipe.gold.training.TrainingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;

/**
 * Training time on a Silver table of generated events, by step, in one JVM: features of the window
 * brought to the driver (Spark), the forest's fit alone, fit + threshold + scoring of the training
 * rows (what {@code training_time_ms} reports), and the whole training run with MLflow (logging,
 * model directory, registration, champion comparison). The first round pays for JIT and class
 * loading and is reported apart.
 *
 * <pre>
 * bench/training.sh 1000000 3
 * </pre>
 *
 * Arguments: {@code <generator count> <rounds> <work dir> <MLflow tracking URI>}.
 */
public final class TrainingBenchmark {

  public static void main(String[] args) throws Exception {
    int count = Integer.parseInt(args[0]);
    int rounds = Integer.parseInt(args[1]);
    Path work = Path.of(args[2]);
    String trackingUri = args[3];

    SparkSettings jobSettings =
        SparkSettings.fromConfig(ConfigReader.of(PipelineConfigLoader.load(CommandLine.parse())));
    Map<String, String> sessionConf = new HashMap<>(jobSettings.conf());
    sessionConf.put("spark.ui.enabled", "false");
    // what bin/train runs with (conf/local.conf): a few shuffle partitions for two cores
    sessionConf.put("spark.sql.shuffle.partitions", "4");
    SparkSession spark =
        SparkSessions.getOrCreate(
            "training-benchmark", new SparkSettings(Optional.of("local[2]"), sessionConf));

    long t0 = System.nanoTime();
    GeneratedSilverEvents events =
        GeneratedSilverEvents.simulate(
            "--generator.count", String.valueOf(count),
            "--generator.users", "5000",
            "--generator.seed", "1",
            "--generator.start-time", "2026-11-01T00:00:00Z",
            "--generator.simulated-span", "7d");
    String silverPath = work.resolve("tables").resolve(SilverTable.DEFINITION.name()).toString();
    SilverTable.DEFINITION.createIfNotExists(spark, silverPath);
    events.toDataset(spark).repartition(4).write().format("delta").mode("append").save(silverPath);
    List<String> labels = new ArrayList<>();
    events
        .anomalyKindByEventId()
        .forEach(
            (id, kind) -> labels.add("{\"event_id\":\"" + id + "\",\"kind\":\"" + kind + "\"}"));
    Files.write(work.resolve("ground-truth-1.jsonl"), labels);
    System.out.printf(
        "silver table: %,d rows (%,d labelled anomalies) written in %.1f s%n",
        events.rows().size(), labels.size(), seconds(t0));

    String model = "training-benchmark-" + UUID.randomUUID().toString().substring(0, 8);
    TrainingConfig config =
        TrainingConfig.fromConfig(
            ConfigReader.of(
                PipelineConfigLoader.load(
                    CommandLine.parse(
                        "--storage.tables-root",
                        work.resolve("tables").toString(),
                        "--storage.checkpoints-root",
                        work.resolve("checkpoints").toString(),
                        "--mlflow.tracking-uri",
                        trackingUri,
                        "--mlflow.experiment-name",
                        model,
                        "--mlflow.registered-model-name",
                        model,
                        "--training.ground-truth-glob",
                        work.resolve("ground-truth-*.jsonl").toString()))));

    System.out.println(
        "| round | training rows | features → driver s | fit s | fit + threshold + scores s |"
            + " whole run with MLflow s | ROC AUC |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    try (MlflowConnection mlflow =
        MlflowConnection.open(
            config.mlflow(), System::getenv, spark.sparkContext().hadoopConfiguration())) {
      for (int round = 0; round <= rounds; round++) {
        long start = System.nanoTime();
        SilverSnapshot silver = SilverSnapshot.latest(spark, config.silverTablePath());
        FeatureWindow window = TrainingRun.trainingWindow(silver, config);
        FeatureMatrix matrix = TrainingRun.collectTrainingRows(silver, window, config);
        double collectSeconds = seconds(start);

        start = System.nanoTime();
        IsolationForestTrainer.fit(matrix.rows(), config.forest());
        double fitSeconds = seconds(start);

        TrainingOutcome outcome =
            ModelTraining.train(
                matrix,
                config.forest(),
                config.thresholdMode(),
                config.fixedThreshold(),
                Optional.empty());

        start = System.nanoTime();
        TrainingRun.Result result = TrainingRun.run(spark, mlflow, config, "benchmark-" + round);
        double runSeconds = seconds(start);

        System.out.printf(
            "| %s | %,d | %.1f | %.2f | %.2f | %.1f | %.4f |%n",
            round == 0 ? "cold" : "warm " + round,
            matrix.rowCount(),
            collectSeconds,
            fitSeconds,
            outcome.trainingMillis() / 1000.0,
            runSeconds,
            result.outcome().quality().map(q -> q.rocAuc()).orElse(Double.NaN));
      }
    }
    spark.stop();
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
