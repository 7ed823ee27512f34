package io.anomalypipe.gold.summary;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.anomalypipe.bronze.BronzeConfig;
import io.anomalypipe.bronze.BronzeJob;
import io.anomalypipe.common.config.CommandLine;
import io.anomalypipe.common.config.ConfigReader;
import io.anomalypipe.common.config.PipelineConfigLoader;
import io.anomalypipe.common.mlflow.MlflowConnection;
import io.anomalypipe.common.schema.GoldPredictionsTable;
import io.anomalypipe.common.schema.GoldScoredTable;
import io.anomalypipe.common.schema.Tables;
import io.anomalypipe.common.testing.KafkaBrokerExtension;
import io.anomalypipe.common.testing.MlflowServerExtension;
import io.anomalypipe.common.testing.SparkTestSession;
import io.anomalypipe.generator.EventGenerator;
import io.anomalypipe.generator.GeneratorConfig;
import io.anomalypipe.generator.RecordKind;
import io.anomalypipe.generator.SentRecord;
import io.anomalypipe.gold.scoring.GoldConfig;
import io.anomalypipe.gold.scoring.GoldScoring;
import io.anomalypipe.gold.training.TrainingConfig;
import io.anomalypipe.gold.training.TrainingRun;
import io.anomalypipe.silver.SilverConfig;
import io.anomalypipe.silver.SilverJob;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on the real broker and the real MLflow server, in the order the demo and the
 * Databricks job run it: produce (the event generator, with duplicates, malformed records, late
 * events and labelled anomalies) → Bronze → Silver → train (register, alias) → Gold; then verify
 * with the figures {@code bin/pipeline-summary} prints, against what the generator says it sent.
 */
@ExtendWith({KafkaBrokerExtension.class, MlflowServerExtension.class})
class PipelineEndToEndIntegrationTest {

  @RegisterExtension static final SparkTestSession SPARK = new SparkTestSession();

  /** Kinds whose event Silver keeps, once each. */
  private static final Set<RecordKind> EVENT_KINDS =
      EnumSet.of(RecordKind.VALID, RecordKind.LATE, RecordKind.ANOMALY);

  private static final List<String> ALL_TABLES =
      List.of(
          Tables.BRONZE_EVENTS,
          Tables.SILVER_EVENTS,
          Tables.SILVER_QUARANTINE,
          Tables.SILVER_BATCH_AUDIT,
          Tables.GOLD_EVENTS_SCORED,
          Tables.GOLD_ANOMALY_PREDICTIONS);

  @TempDir static Path dir;

  private static List<SentRecord> sent;
  private static List<String> flags;
  private static PipelineSummary.Summary summary;

  @BeforeAll
  static void produceAndRunEveryLayer() throws Exception {
    SparkSession spark = SPARK.session();
    String topic = KafkaBrokerExtension.createTopic("end-to-end", 4);
    String unique = UUID.randomUUID().toString().substring(0, 8);
    flags = new ArrayList<>();
    flags.addAll(
        List.of(
            "--kafka.bootstrap-servers", KafkaBrokerExtension.bootstrapServers(),
            "--kafka.topic", topic,
            "--storage.tables-root", dir.resolve("tables").toString(),
            "--storage.checkpoints-root", dir.resolve("checkpoints").toString(),
            "--mlflow.tracking-uri", MlflowServerExtension.trackingUri(),
            "--mlflow.experiment-name", "end-to-end-" + unique,
            "--mlflow.registered-model-name", "end-to-end-" + unique,
            "--summary.ground-truth-glob", dir.resolve("ground-truth-*.jsonl").toString(),
            "--spark.master", "local[2]"));
    SparkTestSession.TEST_CONF.forEach(
        (key, value) -> flags.addAll(List.of("--spark.conf." + key, value)));

    // produce
    sent = produce(topic, 16_000, 11, dir.resolve("ground-truth-11.jsonl"));

    // run: the layers in DAG order, each as its job runs it
    await(BronzeJob.start(spark, BronzeConfig.fromConfig(reader()), name -> null));
    await(SilverJob.start(spark, SilverConfig.fromConfig(reader()), "end-to-end"));
    GoldConfig gold = GoldConfig.fromConfig(reader());
    try (MlflowConnection mlflow = MlflowConnection.open(gold.mlflow(), System::getenv)) {
      TrainingRun.run(spark, mlflow, TrainingConfig.fromConfig(reader()), "end-to-end-train");
      GoldScoring.run(spark, mlflow, gold, "end-to-end-gold");
    }

    summary = PipelineSummary.summarise(spark, PipelineSummary.Config.fromConfig(reader()));
  }

  // ---- verify -------------------------------------------------------------------------------

  @Test
  void everyLayerHoldsWhatTheGeneratorSent() {
    PipelineFigures figures = summary.figures();
    long distinctEvents =
        sent.stream()
            .filter(r -> EVENT_KINDS.contains(r.kind()))
            .map(SentRecord::eventId)
            .distinct()
            .count();
    assertThat(figures.bronzeRows()).as("every Kafka record").isEqualTo(sent.size());
    assertThat(figures.silverRows()).as("the distinct valid events").isEqualTo(distinctEvents);
    assertThat(figures.quarantinedRecords()).isEqualTo(count(RecordKind.MALFORMED));
    assertThat(figures.duplicatesDropped()).isEqualTo(count(RecordKind.DUPLICATE));
    assertThat(figures.silverBatchesNotReconciled()).isZero();
  }

  @Test
  void everyValidEventIsScoredExactlyOnce() {
    PipelineFigures figures = summary.figures();
    assertThat(figures.scoredRows()).isEqualTo(figures.silverRows());
    assertThat(figures.predictionRows()).isEqualTo(figures.silverRows());
    assertThat(figures.silverEventsNotScored()).isZero();
    for (String table : List.of(Tables.GOLD_EVENTS_SCORED, Tables.GOLD_ANOMALY_PREDICTIONS)) {
      Dataset<Row> gold = table(table);
      assertThat(gold.select(GoldScoredTable.EVENT_ID).distinct().count())
          .as("distinct events of %s", table)
          .isEqualTo(figures.silverRows());
    }
    assertThat(figures.modelVersions()).hasSize(1);
  }

  @Test
  void flagsAgreeWithScoreVersusThreshold() {
    Dataset<Row> predictions = table(Tables.GOLD_ANOMALY_PREDICTIONS);
    assertThat(
            predictions
                .filter(
                    col(GoldPredictionsTable.IS_ANOMALY)
                        .notEqual(
                            col(GoldPredictionsTable.ANOMALY_SCORE)
                                .geq(col(GoldPredictionsTable.THRESHOLD))))
                .count())
        .isZero();
    assertThat(summary.figures().anomaliesFlagged()).isPositive();
  }

  @Test
  void scoresRankTheLabelledAnomaliesFirst() {
    GroundTruthAgreement agreement = summary.agreement().orElseThrow();
    assertThat(agreement.labelledScored())
        .as("every labelled anomaly reached Gold")
        .isEqualTo(count(RecordKind.ANOMALY));
    assertThat(agreement.rocAuc()).isGreaterThanOrEqualTo(0.95);
    assertThat(agreement.rocAucByKind()).isNotEmpty();
    assertThat(agreement.precision()).isGreaterThan(0.0);
  }

  @Test
  void theSummaryPrintsEachLayerAndTheMlflowAddress() {
    String text = PipelineSummary.render(summary, PipelineSummary.Config.fromConfig(reader()));
    assertThat(text)
        .containsPattern(
            String.format(Locale.ROOT, "bronze_events: +%,d Kafka records", sent.size()))
        .containsPattern("ROC AUC: +0\\.9")
        .containsPattern("MLflow UI: +" + Pattern.quote(MlflowServerExtension.trackingUri()));
  }

  @Test
  void aRerunWithNothingNewLeavesEveryTableAsItWas() throws Exception {
    SparkSession spark = SPARK.session();
    List<Long> before = ALL_TABLES.stream().map(PipelineEndToEndIntegrationTest::version).toList();

    await(BronzeJob.start(spark, BronzeConfig.fromConfig(reader()), name -> null));
    await(SilverJob.start(spark, SilverConfig.fromConfig(reader()), "end-to-end-rerun"));
    GoldConfig gold = GoldConfig.fromConfig(reader());
    try (MlflowConnection mlflow = MlflowConnection.open(gold.mlflow(), System::getenv)) {
      GoldScoring.run(spark, mlflow, gold, "end-to-end-gold-rerun");
    }

    assertThat(ALL_TABLES.stream().map(PipelineEndToEndIntegrationTest::version).toList())
        .as("Delta versions of %s", ALL_TABLES)
        .isEqualTo(before);
    assertThat(
            PipelineFigures.measure(spark, PipelineSummary.Config.fromConfig(reader()).storage()))
        .isEqualTo(summary.figures());
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static List<SentRecord> produce(String topic, long count, long seed, Path groundTruth) {
    List<SentRecord> records =
        EventGenerator.runToKafkaCollecting(
            GeneratorConfig.fromArgs(
                "--kafka.bootstrap-servers",
                KafkaBrokerExtension.bootstrapServers(),
                "--kafka.topic",
                topic,
                "--generator.count",
                Long.toString(count),
                "--generator.seed",
                Long.toString(seed),
                "--generator.users",
                "300",
                "--generator.simulated-span",
                "2d",
                "--generator.start-time",
                Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(3)).toString(),
                "--generator.anomaly-rate",
                "0.02",
                "--generator.ground-truth-path",
                groundTruth.toString(),
                "--generator.progress-interval",
                "1h"));
    assertThat(groundTruth).exists();
    return records;
  }

  private static Dataset<Row> table(String name) {
    return SPARK.session().read().format("delta").load(path(name));
  }

  private static String path(String name) {
    return PipelineSummary.Config.fromConfig(reader()).storage().tablePath(name);
  }

  private static long version(String name) {
    return DeltaTable.forPath(SPARK.session(), path(name))
        .history(1)
        .select("version")
        .first()
        .getLong(0);
  }

  private static long count(RecordKind kind) {
    return sent.stream().filter(r -> r.kind() == kind).count();
  }

  private static ConfigReader reader() {
    return ConfigReader.of(
        PipelineConfigLoader.load(CommandLine.parse(flags.toArray(String[]::new))));
  }

  private static void await(StreamingQuery query) throws Exception {
    try {
      assertThat(query.awaitTermination(TimeUnit.MINUTES.toMillis(5)))
          .as("availableNow ends by itself")
          .isTrue();
    } finally {
      query.stop();
    }
  }
}
