package io.anomalypipe.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

import io.anomalypipe.common.config.CommandLine;
import io.anomalypipe.common.config.ConfigReader;
import io.anomalypipe.common.config.PipelineConfigLoader;
import io.anomalypipe.common.config.SparkSettings;
import io.anomalypipe.common.mlflow.MlflowConnection;
import io.anomalypipe.common.schema.GoldPredictionsTable;
import io.anomalypipe.common.schema.GoldScoredTable;
import io.anomalypipe.common.schema.SilverTable;
import io.anomalypipe.common.schema.Tables;
import io.anomalypipe.common.spark.SparkSessions;
import io.anomalypipe.gold.scoring.GoldConfig;
import io.anomalypipe.gold.scoring.GoldScoring;
import io.anomalypipe.gold.scoring.ScoringOutcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

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
 *       inference run logged to MLflow;
 *   <li><b>two-table append:</b> the floor under any Gold job ({@link #twoTableAppend}): the same
 *       read, appended to both Gold tables with their columns filled but nothing computed.
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
                    // bench/gold.sh runs from the repository root
                    CommandLine.parse("--config", "conf/local.conf"))));
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
          twoTableAppend(spark, silverTable, work.resolve("run" + run++), phase, silverRows));
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
          "round %d: minimal %.1f s, two-table append %.1f s, gold %.1f s%n",
          round,
          results.get(results.size() - 3).seconds(),
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

  /**
   * The floor of any Gold job: read Silver as the minimal copy does and append each batch to both
   * Gold tables (their schemas, partitioned by date), with the feature, score and provenance
   * columns filled with constants: nothing computed, next to nothing stored for them. No feature
   * window, no scoring, no replay-safety, no MLflow. Any Gold job does all of this and more, so its
   * time is a floor under the Gold job's.
   */
  static Result twoTableAppend(
      SparkSession spark, Path silverTable, Path dir, String phase, long silverRows)
      throws Exception {
    Path silver = SilverThroughputBenchmark.linkedCopy(silverTable, dir.resolve("silver"));
    String scored = dir.resolve("tables").resolve(Tables.GOLD_EVENTS_SCORED).toString();
    String predictions = dir.resolve("tables").resolve(Tables.GOLD_ANOMALY_PREDICTIONS).toString();
    GoldScoredTable.DEFINITION.createIfNotExists(spark, scored);
    GoldPredictionsTable.DEFINITION.createIfNotExists(spark, predictions);
    TwoTableAppend sink = new TwoTableAppend(scored, predictions);
    long start = System.nanoTime();
    ForeachBatchDrain.drain(
        spark.readStream().format("delta").load(silver.toString()),
        sink::appendBatch,
        dir.resolve("checkpoint"));
    double seconds = (System.nanoTime() - start) / 1e9;
    long written = spark.read().format("delta").load(predictions).count();
    if (written != silverRows) {
      throw new IllegalStateException(
          "the two-table append wrote " + written + " rows for " + silverRows + " Silver rows");
    }
    return new Result("two-table append", phase, silverRows, seconds);
  }

  /** The floor's {@code foreachBatch} sink: one plain append per Gold table. */
  record TwoTableAppend(String scoredTable, String predictionsTable) {
    void appendBatch(Dataset<Row> batch, long batchId) {
      append(batch, GoldScoredTable.SCHEMA, scoredTable);
      append(batch, GoldPredictionsTable.SCHEMA, predictionsTable);
    }

    private static void append(Dataset<Row> batch, StructType schema, String table) {
      List<String> silverColumns = List.of(batch.columns());
      Column[] columns =
          Arrays.stream(schema.fields())
              .map(field -> fill(field, silverColumns).as(field.name()))
              .toArray(Column[]::new);
      batch.select(columns).write().format("delta").mode("append").save(table);
    }

    private static Column fill(StructField field, List<String> silverColumns) {
      if (silverColumns.contains(field.name())) {
        return col(field.name()).cast(field.dataType());
      }
      // constants: the cheapest columns there are to compute, store and compress
      Object constant =
          field.dataType().equals(DataTypes.StringType)
              ? "floor"
              : field.dataType().equals(DataTypes.BooleanType) ? Boolean.FALSE : 0;
      return field.dataType().equals(DataTypes.TimestampType)
          ? current_timestamp()
          : lit(constant).cast(field.dataType());
    }
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
    System.out.println("| round | query | rows | seconds | rows/s | ÷ minimal copy (rows/s) |");
    System.out.println("|---|---|---:|---:|---:|---:|");
    for (int i = 0; i < results.size(); i += 3) {
      Result minimal = results.get(i);
      String round = i == 0 ? "cold" : "warm " + (i / 3);
      for (Result result : results.subList(i, i + 3)) {
        System.out.printf(
            "| %s | %s | %,d | %.1f | %,.0f | %.2f |%n",
            round,
            result.query(),
            result.rows(),
            result.seconds(),
            result.rowsPerSecond(),
            result.rowsPerSecond() / minimal.rowsPerSecond());
      }
    }
  }
}
