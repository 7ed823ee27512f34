package io.anomalypipe.bench;

import io.anomalypipe.common.config.CommandLine;
import io.anomalypipe.common.config.ConfigReader;
import io.anomalypipe.common.config.PipelineConfigLoader;
import io.anomalypipe.common.config.SparkSettings;
import io.anomalypipe.common.mlflow.MlflowConnection;
import io.anomalypipe.common.schema.SilverTable;
import io.anomalypipe.common.schema.Tables;
import io.anomalypipe.common.spark.SparkSessions;
import io.anomalypipe.gold.scoring.GoldConfig;
import io.anomalypipe.gold.scoring.GoldScoring;
import io.anomalypipe.gold.scoring.ScoringOutcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The Gold job's throughput beside a minimal Spark copy of the same Silver rows, in one JVM, one
 * run: both read a Silver table (e.g. the one {@code bin/demo --generator.count 1000000} filled) as
 * a Delta stream with {@code availableNow} into fresh tables.
 *
 * <ul>
 *   <li><b>minimal copy:</b> read {@code silver_events}, append the rows unchanged to a Delta table
 *       partitioned by {@code event_date} — what any job reading Silver and writing Delta pays;
 *   <li><b>Gold job:</b> {@link GoldScoring#run}, as {@code bin/score} runs it: model loaded from
 *       MLflow and checked, features with their look-back, scores, MERGE into both Gold tables, the
 *       inference run logged to MLflow.
 * </ul>
 *
 * A cold round (JIT, class loading) and then warm rounds alternate the two. Each query reads its
 * own hard-linked copy of the Silver table, so none finds the other's Delta log cached.
 *
 * <pre>
 * bench/gold.sh            # Silver of .run/tables (bin/demo), the local MLflow server's champion
 * </pre>
 *
 * Arguments: {@code <Silver table path> <model URI> <work dir> <warm rounds> <MLflow tracking
 * URI>}.
 */
public final class GoldThroughputBenchmark {

  record Result(String query, String phase, long rows, double seconds) {
    double rowsPerSecond() {
      return rows / seconds;
    }
  }

  public static void main(String[] args) throws Exception {
    Path silverTable = Path.of(args[0]);
    String modelUri = args[1];
    Path work = Path.of(args[2]);
    int rounds = Integer.parseInt(args[3]);
    String trackingUri = args[4];

    // the session bin/score runs with: conf/application.conf + conf/local.conf's Spark settings
    SparkSettings jobSettings =
        SparkSettings.fromConfig(
            ConfigReader.of(
                PipelineConfigLoader.load(
                    CommandLine.parse(
                        "--config", System.getenv("PIPELINE_HOME") + "/conf/local.conf"))));
    Map<String, String> sessionConf = new HashMap<>(jobSettings.conf());
    sessionConf.put("spark.ui.enabled", "false");
    SparkSession spark =
        SparkSessions.getOrCreate(
            "gold-benchmark", new SparkSettings(Optional.of("local[2]"), sessionConf));
    long silverRows = spark.read().format("delta").load(silverTable.toString()).count();
    System.out.printf(
        "Silver table %s: %,d rows; model %s; shuffle partitions %s%n%n",
        silverTable, silverRows, modelUri, sessionConf.get("spark.sql.shuffle.partitions"));

    List<Result> results = new ArrayList<>();
    int run = 0;
    for (int round = 0; round <= rounds; round++) {
      String phase = round == 0 ? "cold" : "warm";
      results.add(minimalCopy(spark, silverTable, work.resolve("run" + run++), phase, silverRows));
      results.add(
          gold(
              spark,
              silverTable,
              work.resolve("run" + run++),
              phase,
              modelUri,
              trackingUri,
              silverRows));
      System.err.printf(
          "round %d: minimal %.1f s, gold %.1f s%n",
          round,
          results.get(results.size() - 2).seconds(),
          results.get(results.size() - 1).seconds());
    }
    print(results);
    spark.stop();
  }

  static Result minimalCopy(
      SparkSession spark, Path silverTable, Path dir, String phase, long silverRows)
      throws Exception {
    Path silver = SilverThroughputBenchmark.linkedCopy(silverTable, dir.resolve("silver"));
    long start = System.nanoTime();
    spark
        .readStream()
        .format("delta")
        .load(silver.toString())
        .writeStream()
        .format("delta")
        .partitionBy(SilverTable.EVENT_DATE)
        .option("checkpointLocation", dir.resolve("checkpoint").toString())
        .trigger(Trigger.AvailableNow())
        .start(dir.resolve("copy").toString())
        .awaitTermination();
    return new Result("minimal copy", phase, silverRows, (System.nanoTime() - start) / 1e9);
  }

  static Result gold(
      SparkSession spark,
      Path silverTable,
      Path dir,
      String phase,
      String modelUri,
      String trackingUri,
      long silverRows)
      throws Exception {
    SilverThroughputBenchmark.linkedCopy(
        silverTable, dir.resolve("tables").resolve(Tables.SILVER_EVENTS));
    GoldConfig config =
        GoldConfig.fromConfig(
            ConfigReader.of(
                PipelineConfigLoader.load(
                    CommandLine.parse(
                        "--storage.tables-root",
                        dir.resolve("tables").toString(),
                        "--storage.checkpoints-root",
                        dir.resolve("checkpoints").toString(),
                        "--mlflow.tracking-uri",
                        trackingUri,
                        "--mlflow.experiment-name",
                        "gold-benchmark",
                        "--gold.model-uri",
                        modelUri))));
    long start = System.nanoTime();
    ScoringOutcome outcome;
    try (MlflowConnection mlflow =
        MlflowConnection.open(
            config.mlflow(), System::getenv, spark.sparkContext().hadoopConfiguration())) {
      outcome = GoldScoring.run(spark, mlflow, config, "gold-benchmark");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (outcome.scoredRowsWritten() != silverRows) {
      throw new IllegalStateException(
          "Gold wrote " + outcome.scoredRowsWritten() + " rows for " + silverRows + " Silver rows");
    }
    return new Result("Gold job", phase, silverRows, seconds);
  }

  private static void print(List<Result> results) {
    System.out.println("| round | query | rows | seconds | rows/s | Gold ÷ minimal (rows/s) |");
    System.out.println("|---|---|---:|---:|---:|---:|");
    for (int i = 0; i < results.size(); i += 2) {
      Result minimal = results.get(i);
      Result gold = results.get(i + 1);
      String round = i == 0 ? "cold" : "warm " + (i / 2);
      System.out.printf(
          "| %s | %s | %,d | %.1f | %,.0f | |%n",
          round, minimal.query(), minimal.rows(), minimal.seconds(), minimal.rowsPerSecond());
      System.out.printf(
          "| %s | %s | %,d | %.1f | %,.0f | %.2f |%n",
          round,
          gold.query(),
          gold.rows(),
          gold.seconds(),
          gold.rowsPerSecond(),
          gold.rowsPerSecond() / minimal.rowsPerSecond());
    }
  }
}
