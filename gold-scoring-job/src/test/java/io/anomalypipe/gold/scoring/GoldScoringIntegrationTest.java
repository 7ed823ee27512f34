package io.anomalypipe.gold.scoring;

import static io.anomalypipe.gold.scoring.GoldFixture.flags;
import static io.anomalypipe.gold.scoring.GoldFixture.goldConfig;
import static io.anomalypipe.gold.scoring.GoldFixture.latestVersion;
import static io.anomalypipe.gold.scoring.GoldFixture.table;
import static io.anomalypipe.gold.scoring.GoldFixture.with;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.anomalypipe.common.features.EventFeatures;
import io.anomalypipe.common.features.FeatureWindow;
import io.anomalypipe.common.mlflow.MlflowConnection;
import io.anomalypipe.common.mlflow.ModelVersion;
import io.anomalypipe.common.mlflow.RunDetails;
import io.anomalypipe.common.schema.GoldPredictionsTable;
import io.anomalypipe.common.schema.GoldScoredTable;
import io.anomalypipe.common.schema.SilverTable;
import io.anomalypipe.common.testing.MlflowServerExtension;
import io.anomalypipe.common.testing.SparkTestSession;
import io.anomalypipe.gold.model.RocAuc;
import io.anomalypipe.gold.training.TrainingRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.Service.Metric;

/**
 * The Gold job against real Delta tables and the real MLflow server: Silver from the event
 * generator, a model trained and registered by the training job ({@link TrainingRun}), then the
 * scoring job. The class-level fixture runs Silver → train → Gold once (in several micro-batches)
 * and the first tests verify that run; the others set up tables of their own (incremental runs,
 * replays, re-scores, the processingTime trigger).
 */
@ExtendWith(MlflowServerExtension.class)
class GoldScoringIntegrationTest {

  @RegisterExtension static final SparkTestSession SPARK = new SparkTestSession();

  private static final LocalDate DAY_1 = LocalDate.parse("2026-11-19");
  private static final LocalDate DAY_2 = LocalDate.parse("2026-11-20");
  private static final LocalDate DAY_3 = LocalDate.parse("2026-11-21");
  private static final Instant DAY_3_START = Instant.parse("2026-11-21T00:00:00Z");

  @TempDir static Path shared;

  private static GeneratedSilver events;
  private static String experiment;
  private static String modelName;
  private static TrainingRun.Result v1;
  private static ModelVersion v2;
  private static double v2Threshold;
  private static GoldConfig config;
  private static ScoringOutcome outcome;
  private static MlflowConnection mlflow;

  @TempDir Path dir;

  @BeforeAll
  static void silverTrainScore() throws Exception {
    SparkSession spark = SPARK.session();
    events = GeneratedSilver.threeDays(4_000, 2026);
    experiment = GoldFixture.unique("gold-it");
    modelName = GoldFixture.unique("gold-it-model");
    List<String> flags =
        flags(shared.resolve("main"), experiment, modelName, "--gold.max-files-per-trigger", "3");
    config = goldConfig(flags);
    // two commits of consecutive event time: four files (one per commit and date), read by the
    // Gold query in two micro-batches
    GeneratedSilver.appendInCommits(spark, config.silverTablePath(), events.rows(), 2);
    mlflow = GoldFixture.mlflow(config);
    v1 = GoldFixture.train(spark, mlflow, flags);
    // a second version for the re-score (a forest on random features: its scores mean nothing,
    // which is fine for checking that a re-score replaces rows); the alias stays on v1
    v2 =
        GoldFixture.registerSyntheticModel(
            mlflow, experiment, modelName, EventFeatures.names(), null, 7);
    v2Threshold =
        GoldScoring.loadModel(mlflow, goldConfig(with(flags, "--gold.model-uri", v2.uri())))
            .model()
            .forest()
            .threshold();

    outcome = GoldScoring.run(spark, mlflow, config, "gold-it");
  }

  @AfterAll
  static void closeMlflow() {
    if (mlflow != null) {
      mlflow.close();
    }
  }

  // ---- the class fixture's run -----------------------------------------------------------------

  @Test
  void everySilverEventIsScoredExactlyOnceInBothTables() {
    long silverEvents = events.rows().size();
    for (String path : List.of(config.scoredTablePath(), config.predictionsTablePath())) {
      Dataset<Row> gold = table(SPARK.session(), path);
      assertThat(gold.count()).as(path).isEqualTo(silverEvents);
      assertThat(
              gold.select(col(SilverTable.EVENT_ID), col(SilverTable.EVENT_DATE))
                  .distinct()
                  .count())
          .as("distinct keys of %s", path)
          .isEqualTo(silverEvents);
      assertThat(
              table(SPARK.session(), config.silverTablePath())
                  .join(gold, toSeq(SilverTable.EVENT_ID, SilverTable.EVENT_DATE), "left_anti")
                  .count())
          .as("Silver events missing from %s", path)
          .isZero();
    }
    assertThat(outcome.batches()).as("max-files-per-trigger 2 splits the run").isGreaterThan(1);
    assertThat(outcome.summary().rows()).isEqualTo(silverEvents);
    assertThat(outcome.scoredRowsWritten()).isEqualTo(silverEvents);
    assertThat(outcome.predictionRowsWritten()).isEqualTo(silverEvents);
  }

  @Test
  void flagsAgreeWithTheScoreAndTheModelsThreshold() {
    double threshold = v1.outcome().compiled().threshold();
    Dataset<Row> predictions = table(SPARK.session(), config.predictionsTablePath());
    assertThat(
            predictions
                .where(
                    col(GoldPredictionsTable.IS_ANOMALY)
                        .notEqual(col(GoldPredictionsTable.ANOMALY_SCORE).geq(threshold)))
                .count())
        .isZero();
    assertThat(predictions.where(col(GoldPredictionsTable.THRESHOLD).notEqual(threshold)).count())
        .isZero();
    long flagged = predictions.where(col(GoldPredictionsTable.IS_ANOMALY)).count();
    assertThat(flagged).isEqualTo(outcome.summary().anomalies()).isPositive();
    // both tables carry the same score for an event
    Dataset<Row> scored = table(SPARK.session(), config.scoredTablePath());
    assertThat(
            scored
                .as("s")
                .join(
                    predictions.as("p"),
                    col("s.event_id")
                        .equalTo(col("p.event_id"))
                        .and(col("s.event_date").equalTo(col("p.event_date"))))
                .where(col("s.anomaly_score").notEqual(col("p.anomaly_score")))
                .count())
        .isZero();
    assertThat(scored.where(col(GoldScoredTable.ANOMALY_SCORE).leq(0.0)).count()).isZero();
    assertThat(scored.where(col(GoldScoredTable.ANOMALY_SCORE).gt(1.0)).count()).isZero();
  }

  @Test
  void rowsRecordTheModelAndTheInferenceRun() {
    for (String path : List.of(config.scoredTablePath(), config.predictionsTablePath())) {
      List<Row> provenance =
          table(SPARK.session(), path)
              .select(
                  GoldScoredTable.MODEL_NAME,
                  GoldScoredTable.MODEL_VERSION,
                  GoldScoredTable.SCORING_RUN_ID)
              .distinct()
              .collectAsList();
      assertThat(provenance)
          .as(path)
          .containsExactly(
              org.apache.spark.sql.RowFactory.create(
                  modelName, v1.version().version(), outcome.inferenceRunId()));
    }
    assertThat(
            table(SPARK.session(), config.scoredTablePath())
                .select(GoldScoredTable.MODEL_RUN_ID)
                .distinct()
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList())
        .containsExactly(v1.mlflowRunId());
  }

  @Test
  void scoresRankTheGeneratorsAnomaliesFirst() {
    List<Row> rows =
        table(SPARK.session(), config.scoredTablePath())
            .select(SilverTable.EVENT_ID, GoldScoredTable.ANOMALY_SCORE)
            .collectAsList();
    double[] scores = new double[rows.size()];
    boolean[] anomalous = new boolean[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      scores[i] = rows.get(i).getDouble(1);
      anomalous[i] = events.anomalyKindByEventId().containsKey(rows.get(i).getString(0));
    }
    double auc = RocAuc.of(scores, anomalous);
    System.out.printf(
        "Gold ROC AUC %.4f over %d events, %d labelled anomalies%n",
        auc, rows.size(), events.anomalyKindByEventId().size());
    assertThat(events.anomalyKindByEventId()).hasSizeGreaterThan(20);
    assertThat(auc)
        .as("ROC AUC of gold_events_scored against the labels")
        .isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void featuresInGoldAreTheFeaturesOverAllOfSilver() {
    Dataset<Row> silver = table(SPARK.session(), config.silverTablePath());
    Row span =
        silver
            .agg(
                org.apache.spark.sql.functions.min(SilverTable.EVENT_TIME_MILLIS),
                org.apache.spark.sql.functions.max(SilverTable.EVENT_TIME_MILLIS))
            .first();
    Dataset<Row> reference =
        EventFeatures.forWindow(silver, FeatureWindow.covering(span.getLong(0), span.getLong(1)));
    Column differs = lit(false);
    for (String feature : EventFeatures.names()) {
      differs = differs.or(col("g." + feature).notEqual(col("r." + feature)));
    }
    Dataset<Row> joined =
        table(SPARK.session(), config.scoredTablePath())
            .as("g")
            .join(
                reference.as("r"),
                col("g.event_id")
                    .equalTo(col("r.event_id"))
                    .and(col("g.event_date").equalTo(col("r.event_date"))));
    assertThat(joined.count()).isEqualTo(events.rows().size());
    assertThat(joined.where(differs).count()).as("events whose Gold features differ").isZero();
  }

  @Test
  void theInferenceRunIsLinkedToTheModelAndHoldsTheRunsFigures() {
    RunDetails run = mlflow.run(outcome.inferenceRunId());
    assertThat(run.status()).isEqualTo("FINISHED");
    assertThat(run.tag(InferenceRun.TAG_MODEL_NAME)).contains(modelName);
    assertThat(run.tag(InferenceRun.TAG_MODEL_VERSION))
        .contains(Long.toString(v1.version().version()));
    assertThat(run.tag(InferenceRun.TAG_MODEL_RUN_ID)).contains(v1.mlflowRunId());
    assertThat(run.tag(InferenceRun.TAG_MODEL_DATA_SHA256)).contains(v1.model().dataSha256());
    assertThat(run.tag(InferenceRun.TAG_MODE)).contains("incremental");

    Map<String, Double> metrics = latestMetrics(outcome.inferenceRunId());
    assertThat(metrics.get("rows_scored")).isEqualTo((double) events.rows().size());
    assertThat(metrics.get("anomaly_rate")).isEqualTo(outcome.summary().anomalyRate());
    assertThat(metrics).containsKeys("score_p50", "score_p99", "score_max", "batches");
    assertThat(metrics.get("gold_events_scored_version_after"))
        .isEqualTo((double) latestVersion(SPARK.session(), config.scoredTablePath()));
    assertThat(metrics.get("silver_version_max"))
        .isEqualTo((double) latestVersion(SPARK.session(), config.silverTablePath()));
    assertThat(mlflow.tracking().getMetricHistory(outcome.inferenceRunId(), "batch_rows_scored"))
        .hasSize((int) outcome.batches());
    byte[] png = mlflow.artifactStore(run.artifactUri()).read(InferenceRun.HISTOGRAM_ARTIFACT);
    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
  }

  @Test
  void theQueriesOfTheSqlFolderRunOnTheGoldTables() throws IOException {
    SparkSession spark = SPARK.session();
    String user =
        table(spark, config.predictionsTablePath())
            .where(col(GoldPredictionsTable.IS_ANOMALY))
            .select(GoldPredictionsTable.USER_ID)
            .first()
            .getString(0);
    Map<String, String> variables = new HashMap<>();
    variables.put("gold_events_scored", config.scoredTablePath());
    variables.put("gold_anomaly_predictions", config.predictionsTablePath());
    variables.put("user_id", user);
    variables.put("model_name", modelName);
    variables.put("model_version", Long.toString(v1.version().version()));
    variables.forEach(spark.conf()::set);
    try {
      Map<String, List<Row>> results = new HashMap<>();
      for (Path file : sqlFiles()) {
        results.put(
            file.getFileName().toString(), spark.sql(Files.readString(file)).collectAsList());
      }
      assertThat(results)
          .containsOnlyKeys(
              "top_anomalies.sql",
              "anomaly_rate_by_day_and_type.sql",
              "user_scores_over_time.sql",
              "rows_of_model_version.sql",
              "history_gold_events_scored.sql",
              "history_gold_anomaly_predictions.sql");
      List<Row> top = results.get("top_anomalies.sql");
      assertThat(top).hasSize((int) Math.min(50, outcome.summary().anomalies()));
      assertThat(top.get(0).getDouble(4))
          .isGreaterThanOrEqualTo(top.get(top.size() - 1).getDouble(4));
      assertThat(
              results.get("anomaly_rate_by_day_and_type.sql").stream()
                  .mapToLong(row -> row.getLong(2))
                  .sum())
          .isEqualTo(events.rows().size());
      assertThat(results.get("anomaly_rate_by_day_and_type.sql").stream().map(r -> r.getDate(0)))
          .extracting(java.sql.Date::toLocalDate)
          .contains(DAY_1, DAY_2, DAY_3);
      assertThat(results.get("user_scores_over_time.sql"))
          .hasSize(
              (int)
                  table(spark, config.silverTablePath())
                      .where(col("user_id").equalTo(user))
                      .count());
      assertThat(results.get("rows_of_model_version.sql")).hasSize(events.rows().size());
      assertThat(results.get("history_gold_events_scored.sql"))
          .hasSize((int) latestVersion(spark, config.scoredTablePath()) + 1);
      assertThat(results.get("history_gold_anomaly_predictions.sql"))
          .hasSize((int) latestVersion(spark, config.predictionsTablePath()) + 1);
    } finally {
      variables.keySet().forEach(spark.conf()::unset);
    }
  }

  // ---- tables of their own ---------------------------------------------------------------------

  /**
   * Incremental runs on tables of their own: the first two days, then the third (only its events
   * are scored), then nothing new (nothing changes); then a re-score of the second day with another
   * model version replaces that date's rows and leaves the other dates as they were.
   */
  @Test
  void incrementalRunsScoreOnlyWhatSilverAddedAndARescoreReplacesOneDate() throws Exception {
    SparkSession spark = SPARK.session();
    List<String> ownFlags = flags(dir, experiment, modelName);
    GoldConfig own = goldConfig(ownFlags);
    List<Row> firstTwoDays = events.before(DAY_3_START);
    List<Row> thirdDay = events.notBefore(DAY_3_START);
    GeneratedSilver.append(spark, own.silverTablePath(), firstTwoDays);

    ScoringOutcome first = GoldScoring.run(spark, mlflow, own, "incremental-1");
    assertThat(table(spark, own.scoredTablePath()).count()).isEqualTo(firstTwoDays.size());

    GeneratedSilver.append(spark, own.silverTablePath(), thirdDay);
    ScoringOutcome second = GoldScoring.run(spark, mlflow, own, "incremental-2");
    assertThat(second.summary().rows()).as("only the new events").isEqualTo(thirdDay.size());
    for (String path : List.of(own.scoredTablePath(), own.predictionsTablePath())) {
      Dataset<Row> gold = table(spark, path);
      assertThat(gold.count()).isEqualTo(events.rows().size());
      assertThat(gold.select(SilverTable.EVENT_ID).distinct().count())
          .isEqualTo(events.rows().size());
      assertThat(
              gold.where(col(GoldScoredTable.SCORING_RUN_ID).equalTo(first.inferenceRunId()))
                  .count())
          .as("rows of the first run stay as they were")
          .isEqualTo(firstTwoDays.size());
      assertThat(
              gold.where(col(SilverTable.EVENT_DATE).equalTo(lit(java.sql.Date.valueOf(DAY_3))))
                  .where(col(GoldScoredTable.SCORING_RUN_ID).notEqual(second.inferenceRunId()))
                  .count())
          .isZero();
    }

    GoldTableVersions versions = GoldTableVersions.read(spark, own);
    ScoringOutcome third = GoldScoring.run(spark, mlflow, own, "incremental-3");
    assertThat(third.batches()).isZero();
    assertThat(third.summary().rows()).isZero();
    assertThat(GoldTableVersions.read(spark, own))
        .as("nothing new, nothing written")
        .isEqualTo(versions);

    // re-score day 2 with version 2
    Map<LocalDate, List<Row>> before = rowsByDate(spark, own.scoredTablePath());
    Map<LocalDate, List<Row>> predictionsBefore = rowsByDate(spark, own.predictionsTablePath());

    GoldConfig rescore =
        goldConfig(
            with(ownFlags, "--gold.rescore-dates", DAY_2.toString(), "--gold.model-uri", v2.uri()));
    ScoringOutcome rescored = GoldScoring.run(spark, mlflow, rescore, "rescore");

    Map<LocalDate, List<Row>> after = rowsByDate(spark, own.scoredTablePath());
    Map<LocalDate, List<Row>> predictionsAfter = rowsByDate(spark, own.predictionsTablePath());
    assertThat(rescored.summary().rows()).isEqualTo(events.on(DAY_2).size());
    for (Map<LocalDate, List<Row>> table : List.of(after, predictionsAfter)) {
      assertThat(table.get(DAY_2)).hasSize(events.on(DAY_2).size());
      assertThat(table.get(DAY_2))
          .allSatisfy(
              row -> {
                assertThat(row.<Long>getAs(GoldScoredTable.MODEL_VERSION)).isEqualTo(v2.version());
                assertThat(row.<String>getAs(GoldScoredTable.SCORING_RUN_ID))
                    .isEqualTo(rescored.inferenceRunId());
              });
    }
    for (LocalDate untouched : List.of(DAY_1, DAY_3)) {
      assertThat(after.get(untouched)).as("%s", untouched).isEqualTo(before.get(untouched));
      assertThat(predictionsAfter.get(untouched)).isEqualTo(predictionsBefore.get(untouched));
    }
    double threshold = v2Threshold;
    assertThat(predictionsAfter.get(DAY_2))
        .allSatisfy(
            row ->
                assertThat(row.<Boolean>getAs(GoldPredictionsTable.IS_ANOMALY))
                    .isEqualTo(row.<Double>getAs(GoldPredictionsTable.ANOMALY_SCORE) >= threshold));
    RunDetails run = mlflow.run(rescored.inferenceRunId());
    assertThat(run.tag(InferenceRun.TAG_MODE)).contains("rescore");
    assertThat(run.tag(InferenceRun.TAG_RESCORE_DATES)).contains(DAY_2.toString());
    assertThat(run.tag(InferenceRun.TAG_MODEL_VERSION)).contains(Long.toString(v2.version()));
  }

  @Test
  void aReplayedBatchWritesNothingTwice() {
    SparkSession spark = SPARK.session();
    GoldConfig own = goldConfig(flags(dir, experiment, modelName));
    GeneratedSilver.appendInCommits(spark, own.silverTablePath(), events.rows(), 2);
    GoldTables.prepare(spark, own);
    var model = GoldScoring.loadModel(mlflow, own);
    IsolationForestScorer scorer = new IsolationForestScorer(spark, model.model());
    List<BatchReport> reports = new ArrayList<>();
    GoldBatchWriter writer = new GoldBatchWriter(own, scorer, model, "replay-test", reports::add);
    Dataset<Row> changes =
        spark
            .read()
            .format("delta")
            .option("readChangeFeed", "true")
            .option("startingVersion", 0)
            .load(own.silverTablePath());

    BatchReport first = writer.write(changes, 0, "replay-app");
    GoldTableVersions afterFirst = GoldTableVersions.read(spark, own);
    BatchReport replay = writer.write(changes, 0, "replay-app");

    assertThat(first.replayed()).isFalse();
    assertThat(first.scoredInserted()).isEqualTo(events.rows().size());
    assertThat(replay.replayed()).as("the replay finds the first attempt's commits").isTrue();
    assertThat(replay.scoredVersion()).isEqualTo(first.scoredVersion());
    assertThat(replay.predictionsVersion()).isEqualTo(first.predictionsVersion());
    assertThat(GoldTableVersions.read(spark, own)).isEqualTo(afterFirst);

    // the same events under another batch id (a query started over from a lost checkpoint reads
    // all of Silver again): the MERGE runs, and inserts nothing
    BatchReport again = writer.write(changes, 1, "replay-app");
    assertThat(again.replayed()).isFalse();
    assertThat(again.scoredInserted()).isZero();
    assertThat(again.predictionsInserted()).isZero();
    for (String path : List.of(own.scoredTablePath(), own.predictionsTablePath())) {
      assertThat(table(spark, path).count()).isEqualTo(events.rows().size());
      assertThat(table(spark, path).select(SilverTable.EVENT_ID).distinct().count())
          .isEqualTo(events.rows().size());
    }
    scorer.destroy();
  }

  @Test
  void aBatchsFeaturesReadOnlyTheSilverDatesOfItsSpanAndLookback() {
    Dataset<Row> silver = table(SPARK.session(), config.silverTablePath());
    Dataset<Row> keys =
        silver
            .where(col(SilverTable.EVENT_DATE).equalTo(lit(java.sql.Date.valueOf(DAY_3))))
            .select(SilverTable.EVENT_ID, SilverTable.EVENT_DATE, SilverTable.USER_ID);
    FeatureWindow window =
        new FeatureWindow(DAY_3_START, DAY_3_START.plus(java.time.Duration.ofDays(1)));

    String plan =
        GoldRows.featuresOf(silver, keys, window).queryExecution().executedPlan().toString();

    // every scan of Silver is pruned to its dates: the lookback day and the span's day
    assertThat(plan).contains("PartitionFilters: [").doesNotContain("PartitionFilters: []");
    assertThat(plan).contains(DAY_2.toString()).contains(DAY_3.toString());
  }

  @Test
  void theProcessingTimeTriggerKeepsScoringAsSilverGrows() throws Exception {
    SparkSession spark = SPARK.session();
    GoldConfig own =
        goldConfig(
            flags(
                dir,
                experiment,
                modelName,
                "--gold.trigger",
                "processingTime",
                "--gold.trigger-interval",
                "1s"));
    List<Row> firstTwoDays = events.before(DAY_3_START);
    GeneratedSilver.append(spark, own.silverTablePath(), firstTwoDays);

    GoldScoring.RunningScoring running = GoldScoring.start(spark, mlflow, own, "continuous");
    running.query().processAllAvailable();
    assertThat(table(spark, own.predictionsTablePath()).count()).isEqualTo(firstTwoDays.size());

    GeneratedSilver.append(spark, own.silverTablePath(), events.notBefore(DAY_3_START));
    running.query().processAllAvailable();
    assertThat(running.query().isActive()).isTrue();
    ScoringOutcome outcome = running.stop();

    assertThat(table(spark, own.predictionsTablePath()).count()).isEqualTo(events.rows().size());
    assertThat(table(spark, own.scoredTablePath()).count()).isEqualTo(events.rows().size());
    assertThat(outcome.batches()).isGreaterThanOrEqualTo(2);
    assertThat(mlflow.run(outcome.inferenceRunId()).status()).isEqualTo("FINISHED");
    assertThat(mlflow.tracking().getMetricHistory(outcome.inferenceRunId(), "batch_rows_scored"))
        .extracting(Metric::getValue)
        .containsExactlyInAnyOrder(
            (double) firstTwoDays.size(), (double) events.notBefore(DAY_3_START).size());
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static Map<String, Double> latestMetrics(String runId) {
    Map<String, Double> metrics = new HashMap<>();
    for (Metric metric : mlflow.tracking().getRun(runId).getData().getMetricsList()) {
      metrics.put(metric.getKey(), metric.getValue());
    }
    return metrics;
  }

  /** Rows of a Gold table by event date, each date's rows in event_id order. */
  private static Map<LocalDate, List<Row>> rowsByDate(SparkSession spark, String path) {
    Map<LocalDate, List<Row>> byDate = new HashMap<>();
    for (Row row :
        table(spark, path).orderBy(SilverTable.EVENT_DATE, SilverTable.EVENT_ID).collectAsList()) {
      byDate
          .computeIfAbsent(
              row.<java.sql.Date>getAs(SilverTable.EVENT_DATE).toLocalDate(),
              date -> new ArrayList<>())
          .add(row);
    }
    return byDate;
  }

  private static List<Path> sqlFiles() throws IOException {
    Path folder = Path.of(System.getProperty("pipeline.repo.root"), "sql");
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.toString().endsWith(".sql")).sorted().toList();
    }
  }

  private static scala.collection.Seq<String> toSeq(String... columns) {
    return scala.collection.JavaConverters.asScalaBuffer(List.of(columns)).toSeq();
  }
}
