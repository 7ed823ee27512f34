package io.anomalypipe.bench;

import io.anomalypipe.bronze.BronzeConfig;
import io.anomalypipe.bronze.BronzeJob;
import io.anomalypipe.common.config.CommandLine;
import io.anomalypipe.common.config.ConfigReader;
import io.anomalypipe.common.config.PipelineConfigLoader;
import io.anomalypipe.common.config.SparkSettings;
import io.anomalypipe.common.schema.BronzeTable;
import io.anomalypipe.common.spark.SparkSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Kafka → Delta throughput, side by side in one JVM: the minimal Spark query (Kafka source columns
 * written as they are to Delta with {@code availableNow}) and the Bronze job, each draining the
 * whole topic into a fresh table. The first query in a JVM pays for JIT and class loading, so the
 * cold round is reported apart; the warm rounds alternate the queries. A third query, Bronze
 * writing zstd instead of its default snappy, shows the codec's trade of speed for file size.
 *
 * <pre>
 * bench/bronze.sh           # produces 1M events, runs Kafka's consumer perf tool, then this
 * </pre>
 *
 * Arguments: {@code <bootstrap servers> <topic> <work dir> <warm rounds> [bronze flag value ...]}.
 */
public final class BronzeThroughputBenchmark {

  /** seconds: the query, from start to the end of availableNow; setupSeconds: table creation. */
  record Result(
      String query, String phase, long rows, double seconds, double setupSeconds, long tableBytes) {
    double rowsPerSecond() {
      return rows / seconds;
    }
  }

  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    String topic = args[1];
    Path work = Path.of(args[2]);
    int rounds = Integer.parseInt(args[3]);
    List<String> bronzeExtraFlags = List.of(args).subList(4, args.length);

    // the session the jobs get: the Spark settings of conf/application.conf, on local[2]
    SparkSettings jobSettings =
        SparkSettings.fromConfig(ConfigReader.of(PipelineConfigLoader.load(CommandLine.parse())));
    Map<String, String> sessionConf = new HashMap<>(jobSettings.conf());
    sessionConf.put("spark.ui.enabled", "false");
    SparkSession spark =
        SparkSessions.getOrCreate(
            "bronze-benchmark", new SparkSettings(Optional.of("local[2]"), sessionConf));
    // the codec trade-off, measured in the same run: Bronze writing zstd instead of snappy
    List<String> untuned = new ArrayList<>(bronzeExtraFlags);
    untuned.addAll(List.of("--bronze.parquet-compression", "zstd"));
    List<Result> results = new ArrayList<>();
    int run = 0;
    for (int round = 0; round <= rounds; round++) {
      String phase = round == 0 ? "cold" : "warm";
      results.add(minimalCopy(spark, bootstrap, topic, work.resolve("run" + run++), phase));
      results.add(
          bronze(spark, bootstrap, topic, work.resolve("run" + run++), phase, bronzeExtraFlags));
      results.add(bronze(spark, bootstrap, topic, work.resolve("run" + run++), phase, untuned));
    }
    System.out.println("| query | phase | rows | table setup s | query s | rows/s | table MB |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|");
    for (Result result : results) {
      System.out.printf(
          "| %s | %s | %,d | %.1f | %.1f | %,.0f | %,d |%n",
          result.query(),
          result.phase(),
          result.rows(),
          result.setupSeconds(),
          result.seconds(),
          result.rowsPerSecond(),
          result.tableBytes() >> 20);
    }
    System.out.println();
    System.out.println("| query | warm runs | median seconds | median rows/s | vs minimal copy |");
    System.out.println("|---|---:|---:|---:|---:|");
    Map<String, List<Result>> warm = new java.util.LinkedHashMap<>();
    results.stream()
        .filter(result -> result.phase().equals("warm"))
        .forEach(
            result -> warm.computeIfAbsent(result.query(), q -> new ArrayList<>()).add(result));
    double baseline = median(warm.values().iterator().next());
    warm.forEach(
        (query, runs) ->
            System.out.printf(
                "| %s | %d | %.1f | %,.0f | %.2f× |%n",
                query,
                runs.size(),
                median(runs),
                runs.get(0).rows() / median(runs),
                baseline / median(runs)));
    spark.stop();
  }

  static double median(List<Result> runs) {
    double[] seconds = runs.stream().mapToDouble(Result::seconds).sorted().toArray();
    int middle = seconds.length / 2;
    return seconds.length % 2 == 1 ? seconds[middle] : (seconds[middle - 1] + seconds[middle]) / 2;
  }

  static Result minimalCopy(
      SparkSession spark, String bootstrap, String topic, Path dir, String phase) throws Exception {
    Files.createDirectories(dir);
    String table = dir.resolve("table").toString();
    long start = System.nanoTime();
    StreamingQuery query =
        spark
            .readStream()
            .format("kafka")
            .option("kafka.bootstrap.servers", bootstrap)
            .option("subscribe", topic)
            .option("startingOffsets", "earliest")
            .load()
            .writeStream()
            .format("delta")
            .option("checkpointLocation", dir.resolve("checkpoint").toString())
            .trigger(Trigger.AvailableNow())
            .start(table);
    return finish("minimal Kafka→Delta copy", phase, spark, query, table, start, 0);
  }

  static Result bronze(
      SparkSession spark,
      String bootstrap,
      String topic,
      Path dir,
      String phase,
      List<String> extraFlags)
      throws Exception {
    List<String> flags =
        new ArrayList<>(
            List.of(
                "--kafka.bootstrap-servers",
                bootstrap,
                "--kafka.topic",
                topic,
                "--storage.tables-root",
                dir.resolve("tables").toString(),
                "--storage.checkpoints-root",
                dir.resolve("checkpoints").toString()));
    flags.addAll(extraFlags);
    BronzeConfig config =
        BronzeConfig.fromConfig(
            ConfigReader.of(
                PipelineConfigLoader.load(CommandLine.parse(flags.toArray(String[]::new)))));
    // creating the table is a one-off of a table's first run, timed apart from the throughput
    long setupStart = System.nanoTime();
    BronzeTable.DEFINITION.createIfNotExists(spark, config.tablePath());
    double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
    long start = System.nanoTime();
    StreamingQuery query = BronzeJob.start(spark, config, System::getenv);
    String label = "Bronze job" + (extraFlags.isEmpty() ? "" : " " + String.join(" ", extraFlags));
    return finish(label, phase, spark, query, config.tablePath(), start, setupSeconds);
  }

  private static Result finish(
      String label,
      String phase,
      SparkSession spark,
      StreamingQuery query,
      String table,
      long start,
      double setupSeconds)
      throws Exception {
    query.awaitTermination();
    double seconds = (System.nanoTime() - start) / 1e9;
    long rows = spark.read().format("delta").load(table).count();
    long bytes;
    try (var files = Files.walk(Path.of(table))) {
      bytes =
          files
              .filter(file -> file.toString().endsWith(".parquet"))
              .mapToLong(file -> file.toFile().length())
              .sum();
    }
    System.err.printf("%s (%s): %,d rows in %.1f s%n", label, phase, rows, seconds);
    return new Result(label, phase, rows, seconds, setupSeconds, bytes);
  }
}
