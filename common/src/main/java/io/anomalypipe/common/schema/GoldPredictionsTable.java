package io.anomalypipe.common.schema;

import io.anomalypipe.common.spark.DeltaTableDefinition;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code gold_anomaly_predictions} table: the decision for every scored event, narrow enough to
 * serve dashboards and alerts directly: the event's key and who/what/when, the flag, the score and
 * the threshold it was compared with, and the model and scoring run. (event_id, event_date)
 * identifies a row; {@code event_date} partitions the table. It holds the same events as {@link
 * GoldScoredTable}.
 */
public final class GoldPredictionsTable {
  public static final String EVENT_ID = SilverTable.EVENT_ID;

  /** Partition column: the UTC date of the event time. */
  public static final String EVENT_DATE = SilverTable.EVENT_DATE;

  public static final String EVENT_TIME = SilverTable.EVENT_TIME;
  public static final String USER_ID = SilverTable.USER_ID;
  public static final String EVENT_TYPE = SilverTable.EVENT_TYPE;

  /** {@code anomaly_score >= threshold}. */
  public static final String IS_ANOMALY = "is_anomaly";

  public static final String ANOMALY_SCORE = GoldScoredTable.ANOMALY_SCORE;

  /** The model's decision threshold (chosen at training time, stored with the model). */
  public static final String THRESHOLD = "threshold";

  public static final String MODEL_NAME = GoldScoredTable.MODEL_NAME;
  public static final String MODEL_VERSION = GoldScoredTable.MODEL_VERSION;
  public static final String SCORING_RUN_ID = GoldScoredTable.SCORING_RUN_ID;
  public static final String SCORED_AT = GoldScoredTable.SCORED_AT;

  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            field(EVENT_ID, DataTypes.StringType, false),
            field(EVENT_DATE, DataTypes.DateType, false),
            field(EVENT_TIME, DataTypes.TimestampType, false),
            field(USER_ID, DataTypes.StringType, false),
            field(EVENT_TYPE, DataTypes.StringType, false),
            field(IS_ANOMALY, DataTypes.BooleanType, false),
            field(ANOMALY_SCORE, DataTypes.DoubleType, false),
            field(THRESHOLD, DataTypes.DoubleType, false),
            field(MODEL_NAME, DataTypes.StringType, true),
            field(MODEL_VERSION, DataTypes.LongType, true),
            field(SCORING_RUN_ID, DataTypes.StringType, false),
            field(SCORED_AT, DataTypes.TimestampType, false)
          });

  /**
   * {@code delta.enableChangeDataFeed}: alerting follows the new flags as a stream; a re-score
   * replaces whole dates (removing files, which stops a plain Delta stream), and the change feed
   * gives such readers the replaced flags as deletes and inserts instead. Not append-only (a
   * re-score replaces dates); statistics on all twelve columns (Delta's default), all of them
   * small.
   */
  public static final DeltaTableDefinition DEFINITION =
      new DeltaTableDefinition(
          Tables.GOLD_ANOMALY_PREDICTIONS,
          SCHEMA,
          List.of(EVENT_DATE),
          Map.of("delta.enableChangeDataFeed", "true"));

  private GoldPredictionsTable() {}

  private static StructField field(String name, DataType type, boolean nullable) {
    return new StructField(name, type, nullable, Metadata.empty());
  }
}
