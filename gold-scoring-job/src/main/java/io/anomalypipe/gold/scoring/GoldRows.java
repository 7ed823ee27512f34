package io.anomalypipe.gold.scoring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.anomalypipe.common.features.EventFeatures;
import io.anomalypipe.common.features.FeatureWindow;
import io.anomalypipe.common.schema.GoldPredictionsTable;
import io.anomalypipe.common.schema.GoldScoredTable;
import io.anomalypipe.common.schema.SilverTable;
import java.sql.Timestamp;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

/**
 * The steps from Silver events to the rows of the two Gold tables, as pure Dataset functions: the
 * features of a set of events, the provenance columns, and the projection onto each table's schema.
 * The streaming batch and the re-score both use them.
 */
public final class GoldRows {

  /** Column the scorer's output carries until the projection: the model's threshold. */
  static final String THRESHOLD = GoldPredictionsTable.THRESHOLD;

  private GoldRows() {}

  /**
   * The Silver rows of the events in {@code eventKeys} ({@code event_id, event_date, user_id}),
   * with their features computed from {@code silver}: only the keys' users are read, over {@code
   * window} (which must cover the events' times) and the {@link EventFeatures#LOOKBACK} before it,
   * so the features equal those computed over all of Silver.
   *
   * @param silver the Silver table (any version holding the events and their lookback)
   */
  public static Dataset<Row> featuresOf(
      Dataset<Row> silver, Dataset<Row> eventKeys, FeatureWindow window) {
    Dataset<Row> users = eventKeys.select(SilverTable.USER_ID).distinct();
    // the span's dates first, on the scan itself, so Delta reads only those partitions
    Dataset<Row> usersEvents =
        window.withLookback().select(silver).join(users, toSeq(SilverTable.USER_ID), "left_semi");
    return EventFeatures.forWindow(usersEvents, window)
        .join(
            eventKeys.select(SilverTable.EVENT_ID, SilverTable.EVENT_DATE),
            toSeq(SilverTable.EVENT_ID, SilverTable.EVENT_DATE),
            "left_semi");
  }

  /** Scorer output with the provenance columns of both tables appended (literals). */
  public static Dataset<Row> withProvenance(Dataset<Row> scored, ScoringProvenance provenance) {
    return scored
        .withColumn(GoldScoredTable.MODEL_NAME, lit(provenance.modelName()).cast("string"))
        .withColumn(GoldScoredTable.MODEL_VERSION, lit(provenance.modelVersion()).cast("long"))
        .withColumn(GoldScoredTable.MODEL_RUN_ID, lit(provenance.modelRunId()))
        .withColumn(GoldScoredTable.SCORING_RUN_ID, lit(provenance.scoringRunId()))
        .withColumn(GoldScoredTable.SCORED_AT, lit(Timestamp.from(provenance.scoredAt())))
        .withColumn(THRESHOLD, lit(provenance.threshold()));
  }

  /** The {@code gold_events_scored} rows of {@link #withProvenance}'s output. */
  public static Dataset<Row> scoredTableRows(Dataset<Row> withProvenance) {
    return project(withProvenance, GoldScoredTable.SCHEMA);
  }

  /** The {@code gold_anomaly_predictions} rows of {@link #withProvenance}'s output. */
  public static Dataset<Row> predictionTableRows(Dataset<Row> withProvenance) {
    return project(withProvenance, GoldPredictionsTable.SCHEMA);
  }

  /** The columns of {@code schema}, in its order and with its types. */
  static Dataset<Row> project(Dataset<Row> rows, StructType schema) {
    Column[] columns =
        Arrays.stream(schema.fields())
            .map(field -> col(field.name()).cast(field.dataType()).as(field.name()))
            .toArray(Column[]::new);
    return rows.select(columns);
  }

  private static scala.collection.Seq<String> toSeq(String... columns) {
    return JavaConverters.asScalaBuffer(Arrays.asList(columns)).toSeq();
  }
}
