package io.anomalypipe.gold.scoring;

import static org.apache.spark.sql.functions.col;

import io.anomalypipe.common.features.EventFeatures;
import io.anomalypipe.common.features.FeatureWindow;
import io.anomalypipe.common.schema.SilverTable;
import io.anomalypipe.gold.registry.RegisteredForest;
import io.anomalypipe.gold.training.SilverSnapshot;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-scoring: every Silver event of the given dates, scored again with the configured model, and
 * those dates' rows of each Gold table replaced by the new ones in one commit per table ({@code
 * replaceWhere} on {@code event_date}; other dates are not read or touched). The way to apply a new
 * model to history, or to redo dates after late events (see {@link GoldBatchWriter}).
 *
 * <p>Silver is read at one pinned version (recorded on the inference run), over the dates and the
 * {@link EventFeatures#LOOKBACK} before the first. A date with no Silver events gets its Gold rows
 * removed: Gold mirrors Silver for those dates afterwards.
 *
 * <p>Each table's replacement is atomic; the two tables are two commits. If the job dies between
 * them, run the same re-score again: it replaces both again, with the same result. Do not run a
 * re-score while the incremental job writes the same dates: Delta lets one of the two concurrent
 * writes fail (a concurrent-append conflict), and that one has to be rerun.
 */
final class GoldRescore {
  private static final Logger LOG = LoggerFactory.getLogger(GoldRescore.class);

  private GoldRescore() {}

  static BatchReport run(
      SparkSession spark,
      GoldConfig config,
      IsolationForestScorer scorer,
      RegisteredForest model,
      String scoringRunId) {
    long started = System.nanoTime();
    List<LocalDate> dates = config.rescoreDates();
    SilverSnapshot silver = SilverSnapshot.latest(spark, config.silverTablePath());
    Dataset<Row> scored =
        GoldRows.withProvenance(
                scorer.transform(featuresOfDates(silver.rows(), dates)),
                ScoringProvenance.of(model, scoringRunId, Instant.now()))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      ScoreSummary summary =
          ScoreSummary.of(
              scored, IsolationForestScorer.SCORE_COLUMN, IsolationForestScorer.PREDICTION_COLUMN);
      String tag = "gold-rescore run=" + scoringRunId + " attempt=" + UUID.randomUUID();
      GoldCommits.Commit scoredCommit =
          replaceDates(
              spark, GoldRows.scoredTableRows(scored), config.scoredTablePath(), dates, tag);
      GoldCommits.Commit predictionsCommit =
          replaceDates(
              spark,
              GoldRows.predictionTableRows(scored),
              config.predictionsTablePath(),
              dates,
              tag);
      BatchReport report =
          new BatchReport(
              0,
              OptionalLong.of(silver.version()),
              OptionalLong.of(silver.version()),
              summary,
              OptionalLong.of(scoredCommit.version()),
              scoredCommit.metric("numOutputRows"),
              OptionalLong.of(predictionsCommit.version()),
              predictionsCommit.metric("numOutputRows"),
              false,
              (System.nanoTime() - started) / 1_000_000);
      LOG.atInfo()
          .addKeyValue("rescore_dates", dates.toString())
          .addKeyValue("silver_version", silver.version())
          .addKeyValue("rows_scored", summary.rows())
          .addKeyValue("anomalies", summary.anomalies())
          .addKeyValue("gold_events_scored_version", scoredCommit.version())
          .addKeyValue("gold_anomaly_predictions_version", predictionsCommit.version())
          .log("re-scored {} events of {} with {}", summary.rows(), dates, model.describe());
      return report;
    } finally {
      scored.unpersist();
    }
  }

  /**
   * The Silver events of {@code dates} with their features, computed over the span from the first
   * date to the end of the last plus the lookback before it (dates between them are read for the
   * features, and dropped).
   */
  static Dataset<Row> featuresOfDates(Dataset<Row> silver, List<LocalDate> dates) {
    LocalDate first = dates.get(0);
    LocalDate last = dates.get(dates.size() - 1);
    FeatureWindow window =
        new FeatureWindow(
            first.atStartOfDay(ZoneOffset.UTC).toInstant(),
            last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    return EventFeatures.forWindow(silver, window)
        .where(
            col(SilverTable.EVENT_DATE).isin(dates.stream().map(java.sql.Date::valueOf).toArray()));
  }

  /** {@code event_date IN (DATE'…', …)}: the replaceWhere predicate of {@code dates}. */
  static String datePredicate(List<LocalDate> dates) {
    return SilverTable.EVENT_DATE
        + " IN ("
        + dates.stream().map(date -> "DATE'" + date + "'").collect(Collectors.joining(", "))
        + ")";
  }

  private static GoldCommits.Commit replaceDates(
      SparkSession spark, Dataset<Row> rows, String path, List<LocalDate> dates, String tag) {
    rows.write()
        .format("delta")
        .mode(SaveMode.Overwrite)
        .option("replaceWhere", datePredicate(dates))
        .option("userMetadata", tag)
        .save(path);
    Optional<GoldCommits.Commit> commit = GoldCommits.find(spark, path, tag);
    return commit.orElseThrow(
        () -> new IllegalStateException("the re-score's commit to " + path + " is not in its log"));
  }
}
