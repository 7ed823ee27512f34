package io.anomalypipe.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.anomalypipe.common.config.CommandLine;
import io.anomalypipe.common.config.ConfigReader;
import io.anomalypipe.common.config.PipelineConfigLoader;
import io.anomalypipe.common.schema.BronzeTable;
import io.anomalypipe.common.schema.SilverBatchAuditTable;
import io.anomalypipe.common.schema.SilverTable;
import io.anomalypipe.silver.PayloadParser;
import io.anomalypipe.silver.SilverConfig;
import io.anomalypipe.silver.SilverJob;
import io.anomalypipe.silver.SilverProjection;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;

/**
 * The cost of one incremental Silver run — a Bronze table holding 100,000 new records — into Silver
 * tables of different sizes, side by side in one JVM.
 *
 * <p>The Silver tables are made of {@link SyntheticClickstream} events, {@code perDay} events on
 * each day, run through the job's own parse and projection ({@link PayloadParser}, {@link
 * SilverProjection}) and written with one file per day: the file the job's MERGE writes for a day
 * of events that arrive in one batch.
 *
 * <p>The batch is the same for every table: new events of the day after the tables' last day, late
 * events of the last day, events re-sent from the last two days (which every table holds), copies
 * within the batch and malformed records. Each round runs the real job ({@link SilverJob#start}, a
 * new checkpoint, so it reads the whole batch) into each table in turn, then RESTOREs the table to
 * its version before the round: each round starts from the same state. The quarantine and audit
 * tables only grow by one batch per round. Delta's in-memory log cache is cleared before each run,
 * as a new job run starts without one.
 */
final class SilverIncrementalCost {

  /** A Silver table to run the batch into: {@code days} days of {@code perDay} events each. */
  record Target(String name, int days, long perDay) {
    long rows() {
      return days * perDay;
    }
  }

  /**
   * One way to run the batch: into {@code target}, with the session's adaptive query execution on
   * or off when the job starts (the job hands that setting to its batches).
   */
  record Case(String name, Target target, boolean adaptiveExecution) {}

  /** One run of the batch into one target. */
  record Run(
      String target,
      int round,
      double jobSeconds,
      double batchSeconds,
      Map<String, String> steps,
      Map<String, String> mergeMetrics,
      Row audit) {}

  /** The last day every target holds; the batch's new events are on the day after. */
  static final LocalDate LAST_DAY = LocalDate.of(2026, 6, 30);

  static final long BATCH_NEW = 94_000;
  static final long BATCH_LATE = 2_000;
  static final long BATCH_RESENT_PER_DAY = 1_000;
  static final long BATCH_COPIES = 1_000;
  static final long BATCH_MALFORMED = 1_000;

  static final String ADAPTIVE_CONF = "spark.sql.adaptive.enabled";

  /** The new events that the batch's MERGE must insert. */
  static final long EXPECTED_INSERTS = BATCH_NEW + BATCH_LATE;

  private final SparkSession spark;
  private final Path work;

  SilverIncrementalCost(SparkSession spark, Path work) {
    this.spark = spark;
    this.work = work;
  }

  /**
   * Builds the targets of the cases and the batch, then runs {@code rounds} rounds, each case once
   * per round (the order alternates between rounds), and returns the runs.
   */
  List<Run> measure(List<Case> cases, int rounds) throws Exception {
    Map<Target, Long> baseVersions = new LinkedHashMap<>();
    for (Target target : cases.stream().map(Case::target).distinct().toList()) {
      long start = System.nanoTime();
      long version = buildTarget(target);
      baseVersions.put(target, version);
      DeltaTableFacts.Size size = DeltaTableFacts.size(spark, silverPath(target));
      System.err.printf(
          "incremental: %s built: %,d rows, %d files, %,d MB, version %d, in %.0f s%n",
          target.name(),
          spark.read().format("delta").load(silverPath(target)).count(),
          size.files(),
          size.bytes() >> 20,
          version,
          (System.nanoTime() - start) / 1e9);
      writeBatch(tablesRoot(target).resolve(BronzeTable.DEFINITION.name()));
    }
    List<Run> runs = new ArrayList<>();
    try (SilverBatchLog log = new SilverBatchLog()) {
      for (int round = 1; round <= rounds; round++) {
        List<Case> order = new ArrayList<>(cases);
        if (round % 2 == 0) {
          Collections.reverse(order);
        }
        for (Case run : order) {
          runs.add(runOnce(run, round, log));
          DeltaTable.forPath(spark, silverPath(run.target()))
              .restoreToVersion(baseVersions.get(run.target()));
        }
      }
    }
    return runs;
  }

  private Path tablesRoot(Target target) {
    return work.resolve(target.name().replaceAll("[^A-Za-z0-9]+", "-")).resolve("tables");
  }

  private String silverPath(Target target) {
    return tablesRoot(target).resolve(SilverTable.DEFINITION.name()).toString();
  }

  /**
   * The target's events through the job's own parse and projection, written in one commit with one
   * file per day; returns the table's version. No row breaks a rule by construction, and the
   * table's NOT NULL columns would reject one with a required field missing. (Filtering on the
   * rules here would make Spark evaluate them, parse included, inside the filter as well.)
   */
  private long buildTarget(Target target) {
    String path = silverPath(target);
    SilverTable.DEFINITION.createIfNotExists(spark, path);
    LocalDate firstDay = LAST_DAY.minusDays(target.days() - 1L);
    Dataset<Row> bronze =
        SyntheticClickstream.bronzeRows(
            SyntheticClickstream.keys(spark, firstDay, target.days(), target.perDay()));
    Instant processedAt = LAST_DAY.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    SilverProjection.toSilverRows(PayloadParser.parse(bronze), processedAt)
        // one task, hence one file, per day: what the job's MERGE writes for a day's events
        // arriving in one batch
        .repartition(col(SilverTable.EVENT_DATE))
        .write()
        .format("delta")
        .mode(SaveMode.Append)
        .save(path);
    return DeltaTable.forPath(spark, path).history(1).first().getLong(0);
  }

  /** The 100,000 records of the incremental batch, as a Bronze table at {@code path}. */
  private void writeBatch(Path path) {
    LocalDate newDay = LAST_DAY.plusDays(1);
    long sentNotBefore = newDay.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    List<Dataset<Row>> parts = new ArrayList<>();
    // new events of the new day; their first copies, and malformed records
    parts.add(part(SyntheticClickstream.keys(spark, newDay, 1, 0, BATCH_NEW), 0, false, 0));
    parts.add(
        part(SyntheticClickstream.keys(spark, newDay, 1, BATCH_NEW, BATCH_MALFORMED), 1, true, 0));
    // late events of the last day, which no table holds (seqs far above any table's)
    parts.add(
        part(
            SyntheticClickstream.keys(
                spark,
                LAST_DAY,
                1,
                SyntheticClickstream.MAX_EVENTS_PER_DAY - BATCH_LATE,
                BATCH_LATE),
            2,
            false,
            sentNotBefore));
    // events re-sent from the last two days: every table holds them
    parts.add(
        part(
            SyntheticClickstream.keys(spark, LAST_DAY.minusDays(1), 2, 0, BATCH_RESENT_PER_DAY),
            3,
            false,
            sentNotBefore));
    // second copies, within the batch, of some new events
    parts.add(
        part(
            SyntheticClickstream.keys(spark, newDay, 1, 0, BATCH_COPIES),
            4,
            false,
            sentNotBefore + Duration.ofHours(1).toMillis()));
    Dataset<Row> keys = parts.stream().reduce(Dataset::unionByName).orElseThrow();
    BronzeTable.DEFINITION.createIfNotExists(spark, path.toString());
    SyntheticClickstream.bronzeRows(keys)
        .repartition(4)
        .write()
        .format("delta")
        .mode(SaveMode.Append)
        .save(path.toString());
  }

  private static Dataset<Row> part(
      Dataset<Row> keys, int partNumber, boolean malformed, long sentNotBefore) {
    return keys.withColumn(
            SyntheticClickstream.OFFSET,
            col(SyntheticClickstream.OFFSET)
                .plus(partNumber * SyntheticClickstream.MAX_EVENTS_PER_DAY))
        .withColumn(SyntheticClickstream.MALFORMED, lit(malformed))
        .withColumn(SyntheticClickstream.SENT_NOT_BEFORE, lit(sentNotBefore));
  }

  private Run runOnce(Case run, int round, SilverBatchLog log) throws Exception {
    Path root = tablesRoot(run.target());
    SilverConfig config =
        SilverConfig.fromConfig(
            ConfigReader.of(
                PipelineConfigLoader.load(
                    CommandLine.parse(
                        "--storage.tables-root",
                        root.toString(),
                        "--storage.checkpoints-root",
                        root.resolveSibling("checkpoints-" + UUID.randomUUID()).toString()))));
    DeltaLog.clearCache();
    log.drain();
    String runId = "incremental-" + round + "-" + UUID.randomUUID();
    String adaptive = spark.conf().get(ADAPTIVE_CONF);
    spark.conf().set(ADAPTIVE_CONF, Boolean.toString(run.adaptiveExecution()));
    long start = System.nanoTime();
    try {
      SilverJob.start(spark, config, runId).awaitTermination();
    } finally {
      spark.conf().set(ADAPTIVE_CONF, adaptive);
    }
    double jobSeconds = (System.nanoTime() - start) / 1e9;
    List<Map<String, String>> batches = log.drain();
    List<Row> audit =
        spark
            .read()
            .format("delta")
            .load(config.auditTablePath())
            .where(col(SilverBatchAuditTable.RUN_ID).equalTo(runId))
            .collectAsList();
    if (audit.size() != 1 || batches.size() != 1) {
      throw new IllegalStateException(
          "expected one batch in run " + runId + ", got " + audit + " and log " + batches);
    }
    Row row = audit.get(0);
    long inserted = row.getAs(SilverBatchAuditTable.INSERTED_ROWS);
    if (inserted != EXPECTED_INSERTS || !row.<Boolean>getAs(SilverBatchAuditTable.RECONCILED)) {
      throw new IllegalStateException("the batch did not do what it should: " + row);
    }
    double batchSeconds =
        Duration.between(
                    row.<java.sql.Timestamp>getAs(SilverBatchAuditTable.STARTED_AT).toInstant(),
                    row.<java.sql.Timestamp>getAs(SilverBatchAuditTable.FINISHED_AT).toInstant())
                .toMillis()
            / 1e3;
    long silverVersion = row.getAs(SilverBatchAuditTable.SILVER_VERSION);
    Map<String, String> metrics =
        DeltaTableFacts.operationMetrics(spark, config.silverTablePath(), silverVersion);
    System.err.printf(
        "incremental: %s round %d: job %.1f s, batch %.1f s%n",
        run.name(), round, jobSeconds, batchSeconds);
    return new Run(run.name(), round, jobSeconds, batchSeconds, batches.get(0), metrics, row);
  }
}
