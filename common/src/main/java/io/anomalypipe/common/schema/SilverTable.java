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
 * The {@code silver_events} table: one row per distinct valid event, typed, with its event time in
 * three forms and the Bronze coordinates of the Kafka record it was read from. {@code event_id}
 * identifies a row; {@code event_date} (UTC date of the event time) partitions the table.
 */
public final class SilverTable {
  public static final String EVENT_ID = EventFields.EVENT_ID;
  public static final String USER_ID = EventFields.USER_ID;
  public static final String SESSION_ID = EventFields.SESSION_ID;
  public static final String EVENT_TYPE = EventFields.EVENT_TYPE;

  /** Event time as a timestamp (from the payload's epoch milliseconds). */
  public static final String EVENT_TIME = "event_time";

  /** Event time, UNIX epoch seconds (floor). */
  public static final String EVENT_TIME_SECONDS = "event_time_seconds";

  /** Event time, UNIX epoch milliseconds, exactly as in the payload. */
  public static final String EVENT_TIME_MILLIS = "event_time_millis";

  public static final String VALUE = EventFields.VALUE;
  public static final String PAGE = EventFields.PAGE;
  public static final String DEVICE = EventFields.DEVICE;
  public static final String COUNTRY = EventFields.COUNTRY;

  /** Partition column: the UTC date of the event time. */
  public static final String EVENT_DATE = "event_date";

  /** Lineage: the Kafka record (Bronze row) the event was read from. */
  public static final String KAFKA_TOPIC = BronzeTable.KAFKA_TOPIC;

  public static final String KAFKA_PARTITION = BronzeTable.KAFKA_PARTITION;
  public static final String KAFKA_OFFSET = BronzeTable.KAFKA_OFFSET;

  /** When Bronze wrote the record. */
  public static final String BRONZE_INGESTED_AT = "bronze_ingested_at";

  /** When the Silver micro-batch that inserted the row ran. */
  public static final String SILVER_PROCESSED_AT = "silver_processed_at";

  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            field(EVENT_ID, DataTypes.StringType, false),
            field(USER_ID, DataTypes.StringType, false),
            field(SESSION_ID, DataTypes.StringType, false),
            field(EVENT_TYPE, DataTypes.StringType, false),
            field(EVENT_TIME, DataTypes.TimestampType, false),
            field(EVENT_TIME_SECONDS, DataTypes.LongType, false),
            field(EVENT_TIME_MILLIS, DataTypes.LongType, false),
            field(VALUE, DataTypes.DoubleType, false),
            field(PAGE, DataTypes.StringType, true),
            field(DEVICE, DataTypes.StringType, true),
            field(COUNTRY, DataTypes.StringType, true),
            field(EVENT_DATE, DataTypes.DateType, false),
            field(KAFKA_TOPIC, DataTypes.StringType, false),
            field(KAFKA_PARTITION, DataTypes.IntegerType, false),
            field(KAFKA_OFFSET, DataTypes.LongType, false),
            field(BRONZE_INGESTED_AT, DataTypes.TimestampType, false),
            field(SILVER_PROCESSED_AT, DataTypes.TimestampType, false)
          });

  /**
   * The table is fed by a MERGE per micro-batch and read incrementally by Gold.
   *
   * <ul>
   *   <li>{@code delta.enableChangeDataFeed}: Gold reads what changed since its last run. Silver's
   *       own MERGE only inserts, which a plain Delta stream could follow too; but a correction or
   *       an erasure request (DELETE of a user's rows) would stop a plain stream, while the change
   *       feed hands Gold the deletes as rows it can act on.
   *   <li>{@code delta.enableDeletionVectors}: such a DELETE or UPDATE then marks rows as gone
   *       instead of rewriting every file that holds one, so it costs what it touches.
   * </ul>
   *
   * Not append-only, for the same reason.
   */
  public static final DeltaTableDefinition DEFINITION =
      new DeltaTableDefinition(
          Tables.SILVER_EVENTS,
          SCHEMA,
          List.of(EVENT_DATE),
          Map.of("delta.enableChangeDataFeed", "true", "delta.enableDeletionVectors", "true"));

  private SilverTable() {}

  private static StructField field(String name, DataType type, boolean nullable) {
    return new StructField(name, type, nullable, Metadata.empty());
  }
}
