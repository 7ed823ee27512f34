package io.anomalypipe.gold.scoring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import io.anomalypipe.common.features.EventFeatures;
import io.anomalypipe.common.features.FeatureWindow;
import io.anomalypipe.common.logging.LogFields;
import io.anomalypipe.common.observability.StepTimes;
import io.anomalypipe.common.schema.SilverTable;
import io.anomalypipe.common.spark.DeltaWriteSettings;
import io.anomalypipe.common.spark.SessionSettings;
import io.anomalypipe.gold.registry.RegisteredForest;
import io.delta.tables.DeltaTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The {@code foreachBatch} sink of the Gold query: one call of {@link #writeBatch} per micro-batch
 * of Silver's change data feed.
 *
 * <ol>
 *   <li>Keep the batch's inserted events ({@code _change_type = insert}); note their keys, users,
 *       event-time span, event dates and the Silver versions they came from.
 *   <li>Compute their features from Silver pinned at the batch's last version: the batch users'
 *       events from {@link EventFeatures#LOOKBACK} (one day) before the batch's earliest event to
 *       its latest ({@link GoldRows#featuresOf}). Features only look back, at most one day, so
 *       these are exactly the values a computation over all of Silver gives (the test of
 *       training/serving skew checks it); events after the batch cannot change them.
 *   <li>Score them ({@link IsolationForestScorer}) and add the provenance columns.
 *   <li>MERGE the rows into {@code gold_events_scored}, then into {@code gold_anomaly_predictions},
 *       inserting only (event_id, event_date) keys the table does not hold, with the batch's event
 *       dates as a literal IN-list on the target's partition column: Delta reads only those
 *       partitions, so a batch costs what it touches.
 *   <li>Report the batch (rows, scores, versions) to the inference run and the log.
 * </ol>
 *
 * <p><b>Why a replay is safe.</b> After a crash Spark runs the batch again with the same Silver
 * changes and the same batch id. Both MERGEs carry Delta's idempotent-write marker (app id = the
 * streaming query's id, kept by the checkpoint; version = the batch id) through the session
 * settings {@code spark.databricks.delta.write.txnAppId}/{@code txnVersion}: Delta commits the
 * marker with the data and skips a later write whose version it has already recorded for that app
 * id. So whichever of the two MERGEs the crashed attempt committed is skipped, and the other runs.
 * The features are read from the Silver version the batch's changes end at, so the replay computes
 * the very rows the crashed attempt did. And the MERGE only inserts keys it does not hold, so no
 * event is ever doubled, marker or not. Counts and versions of a skipped write are read back from
 * the commit that holds the batch's tag ({@code userMetadata}).
 *
 * <p><b>Known limitation.</b> An event that reaches Silver late, with an event time before events
 * already scored, is scored itself (with the history Silver holds then), but the user's events
 * after it keep the scores they got without it. A re-score of the dates concerned ({@code
 * --gold.rescore-dates}) recomputes them. Deletes in Silver are not propagated.
 */
public final class GoldBatchWriter {
  private static final Logger LOG = LoggerFactory.getLogger(GoldBatchWriter.class);

  /** The local property Spark sets to the streaming query's id in the thread running a batch. */
  static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";

  /** Change data feed columns. */
  static final String CHANGE_TYPE = "_change_type";

  static final String COMMIT_VERSION = "_commit_version";

  private static final String TARGET = "t";
  private static final String SOURCE = "s";

  private final String silverTablePath;
  private final String scoredTablePath;
  private final String predictionsTablePath;
  private final IsolationForestScorer scorer;
  private final RegisteredForest model;
  private final String scoringRunId;
  private final Consumer<BatchReport> reports;

  /**
   * @param scoringRunId the inference run the rows are attributed to
   * @param reports receives each batch's report (the inference run)
   */
  public GoldBatchWriter(
      GoldConfig config,
      IsolationForestScorer scorer,
      RegisteredForest model,
      String scoringRunId,
      Consumer<BatchReport> reports) {
    this.silverTablePath = config.silverTablePath();
    this.scoredTablePath = config.scoredTablePath();
    this.predictionsTablePath = config.predictionsTablePath();
    this.scorer = scorer;
    this.model = model;
    this.scoringRunId = scoringRunId;
    this.reports = reports;
  }

  /** The {@code foreachBatch} function: Silver change rows of one micro-batch and its id. */
  public void writeBatch(Dataset<Row> changes, long batchId) {
    String queryId = changes.sparkSession().sparkContext().getLocalProperty(QUERY_ID_PROPERTY);
    if (queryId == null) {
      throw new IllegalStateException(
          "writeBatch runs inside a streaming query's foreachBatch (no query id in this thread)");
    }
    reports.accept(write(changes, batchId, queryId));
  }

  /** One micro-batch, with the app id of its idempotent writes given explicitly (tests). */
  BatchReport write(Dataset<Row> changes, long batchId, String appId) {
    long started = System.nanoTime();
    Instant scoredAt = Instant.now();
    requireChangeFeed(changes);
    SparkSession spark = changes.sparkSession();
    Dataset<Row> keys =
        changes
            .where(col(CHANGE_TYPE).equalTo("insert"))
            .select(
                col(SilverTable.EVENT_ID),
                col(SilverTable.EVENT_DATE),
                col(SilverTable.USER_ID),
                col(SilverTable.EVENT_TIME_MILLIS),
                col(COMMIT_VERSION))
            .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> scored = null;
    StepTimes steps = new StepTimes();
    try {
      Row span =
          keys.agg(
                  count(lit(1)),
                  min(SilverTable.EVENT_TIME_MILLIS),
                  max(SilverTable.EVENT_TIME_MILLIS),
                  min(COMMIT_VERSION),
                  max(COMMIT_VERSION),
                  collect_set(SilverTable.EVENT_DATE))
              .first();
      long events = span.getLong(0);
      steps.lap("keys_ms");
      if (events == 0) {
        return BatchReport.empty(batchId, millisSince(started));
      }
      long silverVersion = span.getLong(4);
      List<Object> eventDates = new ArrayList<>(span.getList(5));
      Dataset<Row> silver =
          spark.read().format("delta").option("versionAsOf", silverVersion).load(silverTablePath);
      FeatureWindow window = FeatureWindow.covering(span.getLong(1), span.getLong(2));
      // The MERGEs write from the persisted partitions, without a repartition by date
      // (DeltaWriteSettings.idempotentMerge): one per core, so every core writes and a batch adds a
      // few files per date, not one per shuffle partition (spark.sql.shuffle.partitions, 200 by
      // default, as a streaming batch runs without adaptive execution).
      int partitions = Math.max(1, spark.sparkContext().defaultParallelism());
      scored =
          GoldRows.withProvenance(
                  scorer.transform(GoldRows.featuresOf(silver, keys, window)),
                  ScoringProvenance.of(model, scoringRunId, scoredAt))
              .coalesce(partitions)
              .persist(StorageLevel.MEMORY_AND_DISK());
      ScoreSummary summary =
          ScoreSummary.of(
              scored, IsolationForestScorer.SCORE_COLUMN, IsolationForestScorer.PREDICTION_COLUMN);
      steps.lap("score_ms");
      if (summary.rows() != events) {
        throw new IllegalStateException(
            "batch "
                + batchId
                + " has "
                + events
                + " new Silver events but "
                + summary.rows()
                + " of them were found in "
                + silverTablePath
                + " version "
                + silverVersion
                + "; nothing of the batch was written");
      }
      BatchTag tag = new BatchTag(appId, batchId);
      Optional<GoldCommits.Commit> scoredCommit =
          mergeOnce(spark, GoldRows.scoredTableRows(scored), scoredTablePath, eventDates, tag);
      steps.lap("merge_scored_ms");
      Optional<GoldCommits.Commit> predictionsCommit =
          mergeOnce(
              spark, GoldRows.predictionTableRows(scored), predictionsTablePath, eventDates, tag);
      steps.lap("merge_predictions_ms");
      BatchReport report =
          new BatchReport(
              batchId,
              OptionalLong.of(span.getLong(3)),
              OptionalLong.of(silverVersion),
              summary,
              version(scoredCommit),
              inserted(scoredCommit),
              version(predictionsCommit),
              inserted(predictionsCommit),
              Stream.of(scoredCommit, predictionsCommit)
                  .flatMap(Optional::stream)
                  .anyMatch(commit -> !tag.isThisAttempt(commit)),
              millisSince(started));
      steps.recordForRun(events);
      log(appId, report, steps);
      return report;
    } finally {
      if (scored != null) {
        scored.unpersist();
      }
      keys.unpersist();
    }
  }

  /**
   * MERGEs {@code rows} into the table at {@code path} once per batch: inserts the keys it lacks,
   * reading only the batch's dates; a replay of a committed batch is skipped by Delta. Returns the
   * commit holding the batch's rows: this attempt's, an earlier attempt's, or none when Delta had
   * nothing to commit (every key was there already, e.g. after a new checkpoint).
   */
  private static Optional<GoldCommits.Commit> mergeOnce(
      SparkSession spark, Dataset<Row> rows, String path, List<Object> eventDates, BatchTag tag) {
    SessionSettings.during(
        spark,
        DeltaWriteSettings.idempotentMerge(tag.appId(), tag.batchId(), tag.text()),
        () -> {
          DeltaTable.forPath(spark, path)
              .as(TARGET)
              .merge(rows.as(SOURCE), mergeCondition(eventDates))
              .whenNotMatched()
              .insertAll()
              .execute();
          return null;
        });
    return GoldCommits.find(spark, path, tag.prefix());
  }

  private static OptionalLong version(Optional<GoldCommits.Commit> commit) {
    return commit.map(c -> OptionalLong.of(c.version())).orElse(OptionalLong.empty());
  }

  private static long inserted(Optional<GoldCommits.Commit> commit) {
    return commit.map(c -> c.metric("numTargetRowsInserted")).orElse(0L);
  }

  /**
   * {@code t.event_date IN (<the batch's dates>) AND t.event_id = s.event_id AND t.event_date =
   * s.event_date}: the first conjunct names only the target and literals, so Delta prunes the
   * target's partitions before it joins.
   */
  static Column mergeCondition(List<Object> eventDates) {
    Column targetDate = col(TARGET + "." + SilverTable.EVENT_DATE);
    return targetDate
        .isin(eventDates.toArray())
        .and(
            col(TARGET + "." + SilverTable.EVENT_ID)
                .equalTo(col(SOURCE + "." + SilverTable.EVENT_ID)))
        .and(targetDate.equalTo(col(SOURCE + "." + SilverTable.EVENT_DATE)));
  }

  private static void requireChangeFeed(Dataset<Row> changes) {
    List<String> columns = List.of(changes.columns());
    if (!columns.contains(CHANGE_TYPE) || !columns.contains(COMMIT_VERSION)) {
      throw new IllegalArgumentException(
          "GoldBatchWriter reads Silver's change data feed (readChangeFeed = true): the batch"
              + " lacks "
              + CHANGE_TYPE
              + "/"
              + COMMIT_VERSION
              + " (columns: "
              + columns
              + ")");
    }
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private static void log(String appId, BatchReport report, StepTimes steps) {
    try (var query = MDC.putCloseable(LogFields.QUERY_ID, appId);
        var batch = MDC.putCloseable(LogFields.BATCH_ID, Long.toString(report.batchId()))) {
      var line = LOG.atInfo();
      steps.millis().forEach(line::addKeyValue);
      report.asMetrics().forEach(line::addKeyValue);
      line.log(
          "gold batch {} scored {} events, {} flagged{}",
          report.batchId(),
          report.summary().rows(),
          report.summary().anomalies(),
          report.replayed() ? " (replay: partly committed before)" : "");
    }
  }

  /**
   * The tag a batch's commits carry in {@code userMetadata}: the query (app id), the batch and this
   * attempt, so a commit can be told to be this attempt's or an earlier one's.
   */
  record BatchTag(String appId, long batchId, String attempt) {
    BatchTag(String appId, long batchId) {
      this(appId, batchId, UUID.randomUUID().toString());
    }

    String prefix() {
      return "gold-scoring query=" + appId + " batch=" + batchId + " ";
    }

    String text() {
      return prefix() + "attempt=" + attempt;
    }

    boolean isThisAttempt(GoldCommits.Commit commit) {
      return text().equals(commit.userMetadata());
    }
  }
}
