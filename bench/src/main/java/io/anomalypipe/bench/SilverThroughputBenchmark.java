package io.anomalypipe.bench;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.to_date;

import io.anomalypipe.bronze.BronzeConfig;
import io.anomalypipe.bronze.BronzeJob;
import io.anomalypipe.common.config.CommandLine;
import io.anomalypipe.common.config.ConfigReader;
import io.anomalypipe.common.config.PipelineConfigLoader;
import io.anomalypipe.common.config.SparkSettings;
import io.anomalypipe.common.schema.BronzeTable;
import io.anomalypipe.common.schema.EventFields;
import io.anomalypipe.common.schema.SilverBatchAuditTable;
import io.anomalypipe.common.schema.SilverQuarantineTable;
import io.anomalypipe.common.schema.SilverTable;
import io.anomalypipe.common.spark.SparkSessions;
import io.anomalypipe.silver.SilverConfig;
import io.anomalypipe.silver.SilverJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Silver's throughput and its incremental cost, in one JVM, one run.
 *
 * <ol>
 *   <li><b>Bronze, once:</b> the Bronze job drains the topic (filled by {@code bench/silver.sh}
 *       with the generator) into a Bronze table.
 *   <li><b>Throughput:</b> four queries read that whole table as a Delta stream ({@code
 *       availableNow}) into fresh tables: the minimal Spark parse-and-write ({@code from_json} of
 *       the payload with the typed event schema, event time and date derived, appended to a Delta
 *       table partitioned by event date — no validation, no dedup, no quarantine, no audit); the
 *       floor under any Silver job, that parse plus one row per event within the batch, appended,
 *       in two ways ({@link #parseDedupAppend}); and the Silver job ({@link SilverJob#start}). A
 *       cold round, then warm rounds alternating them. Each query reads its own hard-linked copy of
 *       the Bronze table, so none finds the table's log cached. Creating the three Silver tables is
 *       timed apart ("setup"), as in the Bronze benchmark.
 *   <li><b>Incremental cost:</b> {@link SilverIncrementalCost}: one 100,000-record batch through
 *       the Silver job into Silver tables of 1M and 5M rows, alternating, each round from the same
 *       table version.
 * </ol>
 *
 * <pre>
 * bench/silver.sh 1000000 3 3     # produces 1M events, then runs this
 * </pre>
 *
 * Arguments: {@code <bootstrap servers> <topic> <work dir> <warm rounds> <incremental rounds> <rows
 * per day of the incremental targets>}; 0 incremental rounds leaves the incremental cost out.
 * Environment, for quick turns while working on Silver: {@code SILVER_BENCH_BRONZE_TABLE} reads an
 * existing Bronze table instead of draining the topic, {@code SILVER_BENCH_AQE_OFF=false} leaves
 * out the variant whose batches run without adaptive execution.
 */
public final class SilverThroughputBenchmark {

  /** The typed event of the payload: what the minimal query parses with. */
  static final StructType EVENT_SCHEMA =
      new StructType()
          .add(EventFields.EVENT_ID, DataTypes.StringType)
          .add(EventFields.USER_ID, DataTypes.StringType)
          .add(EventFields.SESSION_ID, DataTypes.StringType)
          .add(EventFields.EVENT_TYPE, DataTypes.StringType)
          .add(EventFields.TIMESTAMP, DataTypes.LongType)
          .add(EventFields.VALUE, DataTypes.DoubleType)
          .add(EventFields.PAGE, DataTypes.StringType)
          .add(EventFields.DEVICE, DataTypes.StringType)
          .add(EventFields.COUNTRY, DataTypes.StringType);

  /** The variant of the Silver job whose batches run without adaptive query execution. */
  static final String NO_AQE = "AQE off in its batches";

  /** seconds: the query, start to end of availableNow; setupSeconds: creating the tables. */
  record Result(
      String query,
      String phase,
      long bronzeRows,
      long eventRows,
      long quarantinedRows,
      double seconds,
      double setupSeconds,
      long tableBytes) {
    double rowsPerSecond() {
      return bronzeRows / seconds;
    }
  }

  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    String topic = args[1];
    Path work = Path.of(args[2]);
    int rounds = Integer.parseInt(args[3]);
    int incrementalRounds = Integer.parseInt(args[4]);
    long rowsPerDay = Long.parseLong(args[5]);

    // the session the jobs get: the Spark settings of conf/application.conf, on local[2]
    SparkSettings jobSettings =
        SparkSettings.fromConfig(ConfigReader.of(PipelineConfigLoader.load(CommandLine.parse())));
    Map<String, String> sessionConf = new HashMap<>(jobSettings.conf());
    sessionConf.put("spark.ui.enabled", "false");
    SparkSession spark =
        SparkSessions.getOrCreate(
            "silver-benchmark", new SparkSettings(Optional.of("local[2]"), sessionConf));

    // SILVER_BENCH_BRONZE_TABLE: an existing Bronze table to read instead of draining the topic
    // (quick turns while working on Silver; the published runs drain a fresh topic)
    String existingBronze = System.getenv("SILVER_BENCH_BRONZE_TABLE");
    Path bronzeTable =
        existingBronze == null || existingBronze.isBlank()
            ? buildBronze(spark, bootstrap, topic, work.resolve("bronze"))
            : Path.of(existingBronze);
    // SILVER_BENCH_AQE_OFF=false leaves out the variant whose batches run without AQE
    boolean withAqeOff = !"false".equals(System.getenv("SILVER_BENCH_AQE_OFF"));
    List<Result> results = new ArrayList<>();
    int run = 0;
    for (int round = 0; round <= rounds; round++) {
      String phase = round == 0 ? "cold" : "warm";
      results.add(minimalParseAndWrite(spark, bronzeTable, work.resolve("run" + run++), phase));
      results.add(parseDedupAppend(spark, bronzeTable, work.resolve("run" + run++), phase, false));
      results.add(parseDedupAppend(spark, bronzeTable, work.resolve("run" + run++), phase, true));
      results.add(silver(spark, bronzeTable, work.resolve("run" + run++), phase, true));
      if (withAqeOff) {
        results.add(silver(spark, bronzeTable, work.resolve("run" + run++), phase, false));
      }
    }
    printThroughput(results);
    if (incrementalRounds > 0) {
      measureIncremental(spark, work.resolve("incremental"), incrementalRounds, rowsPerDay);
    }
    spark.stop();
  }

  /** One 100,000-record batch into Silver tables of 1M and 5M rows, {@code rounds} rounds. */
  private static void measureIncremental(SparkSession spark, Path dir, int rounds, long rowsPerDay)
      throws Exception {
    var tenDays = new SilverIncrementalCost.Target("10 days", 10, rowsPerDay);
    var fiftyDays = new SilverIncrementalCost.Target("50 days", 50, rowsPerDay);
    var tenDenseDays = new SilverIncrementalCost.Target("10 days, 5x denser", 10, 5 * rowsPerDay);
    List<SilverIncrementalCost.Case> cases =
        List.of(
            new SilverIncrementalCost.Case(rowsLabel(tenDays), tenDays, true),
            new SilverIncrementalCost.Case(rowsLabel(fiftyDays), fiftyDays, true),
            new SilverIncrementalCost.Case(rowsLabel(tenDenseDays), tenDenseDays, true),
            new SilverIncrementalCost.Case(rowsLabel(tenDays) + ", " + NO_AQE, tenDays, false));
    List<SilverIncrementalCost.Run> runs =
        new SilverIncrementalCost(spark, dir).measure(cases, rounds);
    printIncremental(cases, runs);
  }

  /** The Bronze job drains the topic into {@code dir}/tables; returns the table's path. */
  static Path buildBronze(SparkSession spark, String bootstrap, String topic, Path dir)
      throws Exception {
    BronzeConfig config =
        BronzeConfig.fromConfig(
            ConfigReader.of(
                PipelineConfigLoader.load(
                    CommandLine.parse(
                        "--kafka.bootstrap-servers",
                        bootstrap,
                        "--kafka.topic",
                        topic,
                        "--storage.tables-root",
                        dir.resolve("tables").toString(),
                        "--storage.checkpoints-root",
                        dir.resolve("checkpoints").toString()))));
    long start = System.nanoTime();
    BronzeTable.DEFINITION.createIfNotExists(spark, config.tablePath());
    BronzeJob.start(spark, config, System::getenv).awaitTermination();
    DeltaTableFacts.Size size = DeltaTableFacts.size(spark, config.tablePath());
    System.out.printf(
        "Bronze table (Bronze job, cold JVM): %,d rows, %d files, %,d MB, in %.1f s%n%n",
        spark.read().format("delta").load(config.tablePath()).count(),
        size.files(),
        size.bytes() >> 20,
        (System.nanoTime() - start) / 1e9);
    return Path.of(config.tablePath());
  }

  static Result minimalParseAndWrite(SparkSession spark, Path bronzeTable, Path dir, String phase)
      throws Exception {
    Path bronze = linkedCopy(bronzeTable, dir.resolve("tables").resolve("bronze_events"));
    String table = dir.resolve("tables").resolve("events").toString();
    long start = System.nanoTime();
    Dataset<Row> events = parsed(spark.readStream().format("delta").load(bronze.toString()));
    StreamingQuery query =
        events
            .writeStream()
            .format("delta")
            .partitionBy(SilverTable.EVENT_DATE)
            .option("checkpointLocation", dir.resolve("checkpoint").toString())
            .trigger(Trigger.AvailableNow())
            .start(table);
    query.awaitTermination();
    double seconds = (System.nanoTime() - start) / 1e9;
    long bronzeRows = spark.read().format("delta").load(bronze.toString()).count();
    long rows = spark.read().format("delta").load(table).count();
    String label = "minimal parse-and-write";
    System.err.printf("%s (%s): %,d rows in %.1f s%n", label, phase, bronzeRows, seconds);
    return new Result(
        label, phase, bronzeRows, rows, 0, seconds, 0, DeltaTableFacts.size(spark, table).bytes());
  }

  /**
   * The minimal query's parse: {@code from_json} of the payload with the typed event schema, the
   * Kafka coordinates kept, event time and date derived.
   */
  static Dataset<Row> parsed(Dataset<Row> bronze) {
    return bronze
        .select(
            from_json(col(BronzeTable.PAYLOAD).cast("string"), EVENT_SCHEMA).as("event"),
            col(BronzeTable.KAFKA_TOPIC),
            col(BronzeTable.KAFKA_PARTITION),
            col(BronzeTable.KAFKA_OFFSET),
            col(BronzeTable.INGESTED_AT))
        .select(col("event.*"), col("*"))
        .drop("event")
        .withColumn(SilverTable.EVENT_TIME, timestamp_millis(col(EventFields.TIMESTAMP)))
        .withColumn(SilverTable.EVENT_DATE, to_date(col(SilverTable.EVENT_TIME)));
  }

  /**
   * A floor under any Silver job: the minimal query's parse, then, in each batch, one copy per
   * {@code event_id} ({@code dropDuplicates}: the shuffle any dedup within a batch needs), appended
   * to a table partitioned by date. No validation, no quarantine, no dedup against the table's
   * history, no replay-safety, no audit. Adaptive execution on in the batch, as the Silver job runs
   * its batches.
   */
  static Result parseDedupAppend(
      SparkSession spark, Path bronzeTable, Path dir, String phase, boolean narrow)
      throws Exception {
    Path bronze = linkedCopy(bronzeTable, dir.resolve("tables").resolve("bronze_events"));
    String table = dir.resolve("tables").resolve("events").toString();
    DedupAppend sink = new DedupAppend(table, narrow);
    long start = System.nanoTime();
    ForeachBatchDrain.drain(
        parsed(spark.readStream().format("delta").load(bronze.toString())),
        sink::appendBatch,
        dir.resolve("checkpoint"));
    double seconds = (System.nanoTime() - start) / 1e9;
    long bronzeRows = spark.read().format("delta").load(bronze.toString()).count();
    long rows = spark.read().format("delta").load(table).count();
    String label =
        narrow ? "parse, narrow dedup in the batch, append" : "parse, dedup in the batch, append";
    System.err.printf("%s (%s): %,d rows in %.1f s%n", label, phase, bronzeRows, seconds);
    return new Result(
        label, phase, bronzeRows, rows, 0, seconds, 0, DeltaTableFacts.size(spark, table).bytes());
  }

  /**
   * The floor's {@code foreachBatch} sink: {@code dropDuplicates} (every row shuffled), or, when
   * {@code narrow}, the batch parsed once and persisted, only the event ids and Kafka coordinates
   * shuffled to find the events with more than one copy and their first copy, and the rows filtered
   * against those few by a broadcast join: no row is shuffled whole.
   */
  record DedupAppend(String table, boolean narrow) {
    void appendBatch(Dataset<Row> batch, long batchId) {
      batch.sparkSession().conf().set(SilverIncrementalCost.ADAPTIVE_CONF, "true");
      if (!narrow) {
        append(batch.dropDuplicates(SilverTable.EVENT_ID));
        return;
      }
      Dataset<Row> rows = batch.persist(StorageLevel.MEMORY_AND_DISK());
      try {
        Column coordinates =
            struct(col(BronzeTable.KAFKA_PARTITION), col(BronzeTable.KAFKA_OFFSET));
        Dataset<Row> repeated =
            rows.groupBy(SilverTable.EVENT_ID)
                .agg(count(lit(1)).as("copies"), min(coordinates).as("first_copy"))
                .where(col("copies").gt(1))
                .select(SilverTable.EVENT_ID, "first_copy");
        append(
            rows.join(broadcast(repeated), toSeq(SilverTable.EVENT_ID), "left_outer")
                .where(col("first_copy").isNull().or(col("first_copy").equalTo(coordinates)))
                .drop("first_copy"));
      } finally {
        rows.unpersist();
      }
    }

    private void append(Dataset<Row> rows) {
      rows.write().format("delta").mode("append").partitionBy(SilverTable.EVENT_DATE).save(table);
    }
  }

  /**
   * The Silver job into fresh tables. With {@code adaptiveExecution} false the session starts the
   * job with adaptive query execution off, which the job hands on to its batches: how every batch
   * ran before the job turned it back on in them.
   */
  static Result silver(
      SparkSession spark, Path bronzeTable, Path dir, String phase, boolean adaptiveExecution)
      throws Exception {
    Path tables = dir.resolve("tables");
    linkedCopy(bronzeTable, tables.resolve("bronze_events"));
    SilverConfig config =
        SilverConfig.fromConfig(
            ConfigReader.of(
                PipelineConfigLoader.load(
                    CommandLine.parse(
                        "--storage.tables-root",
                        tables.toString(),
                        "--storage.checkpoints-root",
                        dir.resolve("checkpoints").toString()))));
    // creating the tables is a one-off of a table's first run, timed apart from the throughput
    long setupStart = System.nanoTime();
    SilverTable.DEFINITION.createIfNotExists(spark, config.silverTablePath());
    SilverQuarantineTable.DEFINITION.createIfNotExists(spark, config.quarantineTablePath());
    SilverBatchAuditTable.DEFINITION.createIfNotExists(spark, config.auditTablePath());
    double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
    String adaptive = spark.conf().get(SilverIncrementalCost.ADAPTIVE_CONF);
    spark.conf().set(SilverIncrementalCost.ADAPTIVE_CONF, Boolean.toString(adaptiveExecution));
    long start = System.nanoTime();
    try {
      SilverJob.start(spark, config).awaitTermination();
    } finally {
      spark.conf().set(SilverIncrementalCost.ADAPTIVE_CONF, adaptive);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Row audit =
        spark
            .read()
            .format("delta")
            .load(config.auditTablePath())
            .agg(
                sum(SilverBatchAuditTable.BRONZE_ROWS),
                sum(SilverBatchAuditTable.INSERTED_ROWS),
                sum(SilverBatchAuditTable.QUARANTINED_ROWS))
            .first();
    long silverRows = spark.read().format("delta").load(config.silverTablePath()).count();
    long quarantined = spark.read().format("delta").load(config.quarantineTablePath()).count();
    if (audit.getLong(1) != silverRows || audit.getLong(2) != quarantined) {
      throw new IllegalStateException(
          "the audit ("
              + audit
              + ") disagrees with the tables: "
              + silverRows
              + ", "
              + quarantined);
    }
    String label = adaptiveExecution ? "Silver job" : "Silver job, " + NO_AQE;
    System.err.printf("%s (%s): %,d rows in %.1f s%n", label, phase, audit.getLong(0), seconds);
    return new Result(
        label,
        phase,
        audit.getLong(0),
        silverRows,
        quarantined,
        seconds,
        setupSeconds,
        DeltaTableFacts.size(spark, config.silverTablePath()).bytes());
  }

  /**
   * A copy of a Delta table made of hard links: a new path, hence a new Delta log in this JVM, and
   * no bytes copied. Safe for a table that is only read: Delta never changes a file it wrote.
   */
  static Path linkedCopy(Path table, Path copy) throws Exception {
    try (Stream<Path> files = Files.walk(table)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path target = copy.resolve(table.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.createLink(target, file);
        }
      }
    }
    return copy;
  }

  private static void printThroughput(List<Result> results) {
    System.out.println(
        "| query | phase | Bronze rows | event rows written | quarantined | table setup s | query s"
            + " | Bronze rows/s | table MB |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|");
    for (Result result : results) {
      System.out.printf(
          "| %s | %s | %,d | %,d | %,d | %.1f | %.1f | %,.0f | %,d |%n",
          result.query(),
          result.phase(),
          result.bronzeRows(),
          result.eventRows(),
          result.quarantinedRows(),
          result.setupSeconds(),
          result.seconds(),
          result.rowsPerSecond(),
          result.tableBytes() >> 20);
    }
    System.out.println();
    System.out.println("| query (warm) | runs | median query s | median rows/s | vs minimal |");
    System.out.println("|---|---:|---:|---:|---:|");
    Map<String, List<Double>> warm = new LinkedHashMap<>();
    Map<String, Long> rows = new LinkedHashMap<>();
    results.stream()
        .filter(result -> result.phase().equals("warm"))
        .forEach(
            result -> {
              warm.computeIfAbsent(result.query(), q -> new ArrayList<>()).add(result.seconds());
              rows.put(result.query(), result.bronzeRows());
            });
    double baseline = median(warm.values().iterator().next());
    warm.forEach(
        (query, seconds) ->
            System.out.printf(
                "| %s | %d | %.1f | %,.0f | %.2f× |%n",
                query,
                seconds.size(),
                median(seconds),
                rows.get(query) / median(seconds),
                baseline / median(seconds)));
    System.out.println();
  }

  /** "1M rows (10 days)", or the exact count when it is not whole millions. */
  private static String rowsLabel(SilverIncrementalCost.Target target) {
    long rows = target.rows();
    String count = rows % 1_000_000 == 0 ? rows / 1_000_000 + "M" : String.format("%,d", rows);
    return count + " rows (" + target.name() + ")";
  }

  private static void printIncremental(
      List<SilverIncrementalCost.Case> cases, List<SilverIncrementalCost.Run> runs) {
    System.out.println(
        "| target | round | job run s | batch s | tally ms | quarantine ms | merge ms | audit ms"
            + " | MERGE executionTimeMs | files added | inserted | duplicates already in Silver |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (SilverIncrementalCost.Run run : runs) {
      System.out.printf(
          "| %s | %d | %.1f | %.1f | %s | %s | %s | %s | %s | %s | %,d | %,d |%n",
          run.target(),
          run.round(),
          run.jobSeconds(),
          run.batchSeconds(),
          run.steps().get("tally_ms"),
          run.steps().get("quarantine_ms"),
          run.steps().get("merge_ms"),
          run.steps().get("audit_ms"),
          run.mergeMetrics().get("executionTimeMs"),
          run.mergeMetrics().get("numTargetFilesAdded"),
          run.audit().<Long>getAs(SilverBatchAuditTable.INSERTED_ROWS),
          run.audit().<Long>getAs(SilverBatchAuditTable.DUPLICATES_ALREADY_IN_SILVER));
    }
    System.out.println();
    System.out.println(
        "| target | rows | runs | median job run s | median batch s | median merge ms | job run vs"
            + " first | batch vs first |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
    double firstJob = 0;
    double firstBatch = 0;
    for (SilverIncrementalCost.Case target : cases) {
      List<SilverIncrementalCost.Run> mine =
          runs.stream().filter(run -> run.target().equals(target.name())).toList();
      double job = median(mine.stream().map(SilverIncrementalCost.Run::jobSeconds).toList());
      double batch = median(mine.stream().map(SilverIncrementalCost.Run::batchSeconds).toList());
      double merge =
          median(
              mine.stream()
                  .map(run -> Double.parseDouble(run.steps().getOrDefault("merge_ms", "NaN")))
                  .toList());
      if (firstJob == 0) {
        firstJob = job;
        firstBatch = batch;
      }
      System.out.printf(
          "| %s | %,d | %d | %.1f | %.1f | %.0f | %.2f× | %.2f× |%n",
          target.name(),
          target.target().rows(),
          mine.size(),
          job,
          batch,
          merge,
          job / firstJob,
          batch / firstBatch);
    }
    System.out.println();
    System.out.println("MERGE metrics of the last run per target:");
    for (SilverIncrementalCost.Case target : cases) {
      runs.stream()
          .filter(run -> run.target().equals(target.name()))
          .reduce((first, second) -> second)
          .ifPresent(run -> System.out.println("  " + target.name() + ": " + run.mergeMetrics()));
    }
  }

  private static scala.collection.Seq<String> toSeq(String... columns) {
    return scala.collection.JavaConverters.asScalaBuffer(List.of(columns)).toSeq();
  }

  static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }
}
