package io.anomalypipe.gold.scoring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.anomalypipe.common.testing.SparkTestSession;
import io.anomalypipe.gold.model.CompiledForest;
import io.anomalypipe.gold.model.IsolationForestParams;
import io.anomalypipe.gold.model.IsolationForestTrainer;
import io.anomalypipe.gold.model.ScoringModel;
import io.anomalypipe.gold.report.ScoreHistogram;
import io.anomalypipe.gold.report.ScoreQuantiles;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scorer as a spark.ml-style transformer: schema checks with clear errors, exactly two columns
 * appended, scores equal to the forest's own row by row across block and partition boundaries; and
 * the score summary computed from its output.
 */
class IsolationForestScorerTest {

  @RegisterExtension static final SparkTestSession SPARK = new SparkTestSession();

  private static final List<String> FEATURES = List.of("f_a", "f_b", "f_c");
  private static final int ROWS = 3_000;

  private static final StructType INPUT =
      new StructType()
          .add("id", DataTypes.LongType, false)
          .add("f_a", DataTypes.DoubleType, false)
          .add("note", DataTypes.StringType, true)
          .add("f_b", DataTypes.DoubleType, false)
          .add("f_c", DataTypes.DoubleType, false);

  private static CompiledForest forest;
  private static IsolationForestScorer scorer;
  private static List<Row> rows;

  @BeforeAll
  static void forestAndRows() {
    SplittableRandom random = new SplittableRandom(5);
    double[][] training = new double[1_000][FEATURES.size()];
    for (double[] row : training) {
      for (int f = 0; f < row.length; f++) {
        row[f] = random.nextGaussian();
      }
    }
    forest =
        CompiledForest.compile(
            IsolationForestTrainer.fit(training, IsolationForestParams.defaults(5)));
    scorer = new IsolationForestScorer(SPARK.session(), new ScoringModel(forest, FEATURES));
    rows = new ArrayList<>();
    for (long id = 0; id < ROWS; id++) {
      double spread = id % 100 == 0 ? 6.0 : 1.0;
      rows.add(
          RowFactory.create(
              id,
              spread * random.nextGaussian(),
              id % 7 == 0 ? null : "n" + id,
              spread * random.nextGaussian(),
              spread * random.nextGaussian()));
    }
  }

  @AfterAll
  static void releaseBroadcast() {
    scorer.destroy();
  }

  /** Two partitions of 1,500 rows: each crosses the 1,024-row block boundary. */
  private static Dataset<Row> input() {
    return SPARK.session().createDataFrame(rows, INPUT).repartition(2, col("id"));
  }

  @Test
  void appendsExactlyTheScoreAndTheFlagAndLeavesTheRestAsItWas() {
    Dataset<Row> scored = scorer.transform(input());

    assertThat(scored.schema().fieldNames())
        .containsExactly("id", "f_a", "note", "f_b", "f_c", "anomaly_score", "is_anomaly");
    assertThat(scored.schema().apply("anomaly_score").dataType()).isEqualTo(DataTypes.DoubleType);
    assertThat(scored.schema().apply("is_anomaly").dataType()).isEqualTo(DataTypes.BooleanType);
    assertThat(scored.drop("anomaly_score", "is_anomaly").exceptAll(input()).count()).isZero();
    assertThat(scored.count()).isEqualTo(ROWS);
  }

  @Test
  void everyRowGetsTheForestsOwnScoreAndFlag() {
    List<Row> scored = scorer.transform(input()).collectAsList();

    assertThat(scored).hasSize(ROWS);
    long flagged = 0;
    for (Row row : scored) {
      double expected =
          forest.score(new double[] {row.getDouble(1), row.getDouble(3), row.getDouble(4)});
      assertThat(row.getDouble(5)).as("score of row %s", row.getLong(0)).isEqualTo(expected);
      assertThat(row.getBoolean(6)).isEqualTo(expected >= forest.threshold());
      flagged += row.getBoolean(6) ? 1 : 0;
    }
    assertThat(flagged).isPositive().isLessThan(ROWS / 10);
  }

  @Test
  void anInputWithoutTheFeaturesAsDoublesIsRefusedNamingEachProblem() {
    Dataset<Row> wrong =
        input()
            .drop("f_b")
            .withColumn("f_c", col("f_c").cast(DataTypes.FloatType))
            .withColumn("anomaly_score", lit(0.5));

    assertThatThrownBy(() -> scorer.transform(wrong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "IsolationForestScorer cannot score this input: f_b is missing, f_c is float,"
                + " anomaly_score is already there. The model reads the double columns"
                + " [f_a, f_b, f_c] and appends anomaly_score, is_anomaly (input schema: struct<");
  }

  @Test
  void aNullFeatureFailsTheScoringNamingTheFeature() {
    Dataset<Row> withNull =
        input()
            .withColumn(
                "f_b",
                org.apache
                    .spark
                    .sql
                    .functions
                    .when(col("id").equalTo(17), lit(null))
                    .otherwise(col("f_b")));

    assertThatThrownBy(() -> scorer.transform(withNull).count())
        .isInstanceOf(SparkException.class)
        .hasStackTraceContaining("IsolationForestScorer: feature column f_b is null in row [17,");
  }

  @Test
  void aModelThatDoesNotNameItsFeaturesIsRefused() {
    assertThatThrownBy(
            () -> new IsolationForestScorer(SPARK.session(), new ScoringModel(forest, List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("names its feature columns");
  }

  @Test
  void theScoreSummaryMatchesTheScoresOnTheDriver() {
    Dataset<Row> scored = scorer.transform(input()).cache();
    List<Row> collected = scored.collectAsList();
    double[] scores = collected.stream().mapToDouble(row -> row.getDouble(5)).toArray();
    long flagged = collected.stream().filter(row -> row.getBoolean(6)).count();

    ScoreSummary summary = ScoreSummary.of(scored, "anomaly_score", "is_anomaly");
    ScoreQuantiles exact = ScoreQuantiles.of(scores);
    ScoreQuantiles binned = summary.quantiles();

    assertThat(summary.rows()).isEqualTo(ROWS);
    assertThat(summary.anomalies()).isEqualTo(flagged);
    assertThat(binned.min()).isEqualTo(exact.min());
    assertThat(binned.max()).isEqualTo(exact.max());
    assertThat(binned.mean()).isCloseTo(exact.mean(), within(1e-12));
    assertThat(binned.p50()).isCloseTo(exact.p50(), within(0.0005));
    assertThat(binned.p90()).isCloseTo(exact.p90(), within(0.0005));
    assertThat(binned.p99()).isCloseTo(exact.p99(), within(0.0005));
    assertThat(binned.p999()).isCloseTo(exact.p999(), within(0.0005));
    assertThat(summary.histogram())
        .isEqualTo(ScoreHistogram.of(scores, ScoreHistogram.DEFAULT_BINS));

    ScoreSummary firstHalf =
        ScoreSummary.of(scored.where(col("id").lt(ROWS / 2)), "anomaly_score", "is_anomaly");
    ScoreSummary secondHalf =
        ScoreSummary.of(scored.where(col("id").geq(ROWS / 2)), "anomaly_score", "is_anomaly");
    ScoreSummary merged = ScoreSummary.EMPTY.plus(firstHalf).plus(secondHalf);
    assertThat(merged.fineCounts()).isEqualTo(summary.fineCounts());
    assertThat(merged.rows()).isEqualTo(summary.rows());
    assertThat(merged.anomalies()).isEqualTo(summary.anomalies());
    assertThat(merged.min()).isEqualTo(summary.min());
    assertThat(merged.max()).isEqualTo(summary.max());
    assertThat(ScoreSummary.of(scored.where(lit(false)), "anomaly_score", "is_anomaly"))
        .isEqualTo(ScoreSummary.EMPTY);
    scored.unpersist();
  }
}
