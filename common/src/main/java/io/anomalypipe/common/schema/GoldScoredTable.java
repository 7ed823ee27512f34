package io.anomalypipe.common.schema;

import io.anomalypipe.common.features.EventFeatures;
import io.anomalypipe.common.spark.DeltaTableDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code gold_events_scored} table: every Silver event the Gold job scored, with all of its
 * Silver columns (the Kafka lineage included), the feature values the model saw ({@link
 * EventFeatures#names()}, doubles), the raw anomaly score, and which model and which scoring run
 * produced it. (event_id, event_date) identifies a row, as in Silver; {@code event_date} partitions
 * the table.
 *
 * <p>Keeping the features beside the score makes a score explainable and auditable: the exact input
 * of the model is on the row, and a test checks it equals the features computed over all of Silver
 * (no training/serving skew).
 */
public final class GoldScoredTable {
  public static final String EVENT_ID = SilverTable.EVENT_ID;
  public static final String USER_ID = SilverTable.USER_ID;
  public static final String EVENT_TYPE = SilverTable.EVENT_TYPE;
  public static final String EVENT_TIME = SilverTable.EVENT_TIME;
  public static final String EVENT_TIME_MILLIS = SilverTable.EVENT_TIME_MILLIS;

  /** Partition column: the UTC date of the event time (the Silver partition it came from). */
  public static final String EVENT_DATE = SilverTable.EVENT_DATE;

  /** Isolation Forest score in (0, 1]; higher is more anomalous. */
  public static final String ANOMALY_SCORE = "anomaly_score";

  /** Registered model name; null when the model was loaded by a {@code runs:/} URI. */
  public static final String MODEL_NAME = "model_name";

  /** Registered model version; null when the model was loaded by a {@code runs:/} URI. */
  public static final String MODEL_VERSION = "model_version";

  /** The MLflow run that trained and logged the model. */
  public static final String MODEL_RUN_ID = "model_run_id";

  /** The MLflow run of the Gold job run that wrote the row (its inference run). */
  public static final String SCORING_RUN_ID = "scoring_run_id";

  /** When the row was scored (the micro-batch's or the re-score's start). */
  public static final String SCORED_AT = "scored_at";

  /** The columns after Silver's and the features: score and provenance. */
  public static final List<StructField> SCORE_FIELDS =
      List.of(
          field(ANOMALY_SCORE, DataTypes.DoubleType, false),
          field(MODEL_NAME, DataTypes.StringType, true),
          field(MODEL_VERSION, DataTypes.LongType, true),
          field(MODEL_RUN_ID, DataTypes.StringType, false),
          field(SCORING_RUN_ID, DataTypes.StringType, false),
          field(SCORED_AT, DataTypes.TimestampType, false));

  /** Silver's columns, in Silver's order, then the features in model input order, then scores. */
  public static final StructType SCHEMA = schema();

  /**
   * Properties:
   *
   * <ul>
   *   <li>{@code delta.enableChangeDataFeed}: downstream jobs (alerting, a serving store) follow
   *       the table incrementally. A re-score replaces whole dates, which removes files; a plain
   *       Delta stream stops at such a commit, while the change feed hands readers the replaced
   *       rows as deletes and inserts. The job's own writes (insert-only MERGE, partition replace)
   *       need no {@code _change_data} files, so the feed costs next to nothing.
   *   <li>{@code delta.dataSkippingStatsColumns}: the table is wide (Silver's columns, the
   *       features, the score: more than Delta's default 32 indexed columns). Statistics are kept
   *       only for the columns the queries in {@code sql/} filter on (user, time, score, model
   *       version) instead of the first 32, so writes and the log stay lean and those filters skip
   *       files. (The partition column needs none: Delta prunes it by the path.)
   * </ul>
   *
   * Not append-only (a re-score replaces dates) and without deletion vectors (rows are only ever
   * inserted or replaced a whole date at a time).
   */
  public static final DeltaTableDefinition DEFINITION =
      new DeltaTableDefinition(
          Tables.GOLD_EVENTS_SCORED,
          SCHEMA,
          List.of(EVENT_DATE),
          Map.of(
              "delta.enableChangeDataFeed",
              "true",
              "delta.dataSkippingStatsColumns",
              String.join(
                  ",",
                  EVENT_ID,
                  USER_ID,
                  EVENT_TYPE,
                  EVENT_TIME,
                  ANOMALY_SCORE,
                  MODEL_NAME,
                  MODEL_VERSION,
                  SCORED_AT)));

  private GoldScoredTable() {}

  private static StructType schema() {
    List<StructField> fields = new ArrayList<>(List.of(SilverTable.SCHEMA.fields()));
    for (String feature : EventFeatures.names()) {
      fields.add(field(feature, DataTypes.DoubleType, false));
    }
    fields.addAll(SCORE_FIELDS);
    return new StructType(fields.toArray(StructField[]::new));
  }

  private static StructField field(String name, DataType type, boolean nullable) {
    return new StructField(name, type, nullable, Metadata.empty());
  }
}
