package io.anomalypipe.silver;

import static io.anomalypipe.silver.PayloadParser.field;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_from_unix_date;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.unix_seconds;

import io.anomalypipe.common.schema.BronzeTable;
import io.anomalypipe.common.schema.EventFields;
import io.anomalypipe.common.schema.SilverTable;
import java.sql.Timestamp;
import java.time.Instant;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/** Valid classified rows → {@code silver_events} rows. Pure: Dataset in, Dataset out. */
public final class SilverProjection {

  private static final long MILLIS_PER_DAY = 86_400_000L;

  private SilverProjection() {}

  /**
   * The typed event with its event time as timestamp, epoch seconds and epoch milliseconds, its UTC
   * date, and its Bronze lineage.
   *
   * <p>{@code event_date} is computed from the epoch milliseconds, not from the timestamp in the
   * session time zone: it is half of the MERGE key, so the same event must get the same date from
   * any session, whatever its time zone setting.
   *
   * @param validRows rows of {@link SilverValidationRules#classify} that broke no rule
   * @param processedAt the time of the micro-batch, the same for all its rows
   */
  public static Dataset<Row> toSilverRows(Dataset<Row> validRows, Instant processedAt) {
    Column millis = col(PayloadParser.EVENT_TIME_MILLIS);
    Column eventTime = timestamp_millis(millis);
    return validRows.select(
        field(EventFields.EVENT_ID).as(SilverTable.EVENT_ID),
        field(EventFields.USER_ID).as(SilverTable.USER_ID),
        field(EventFields.SESSION_ID).as(SilverTable.SESSION_ID),
        field(EventFields.EVENT_TYPE).as(SilverTable.EVENT_TYPE),
        eventTime.as(SilverTable.EVENT_TIME),
        unix_seconds(eventTime).as(SilverTable.EVENT_TIME_SECONDS),
        millis.as(SilverTable.EVENT_TIME_MILLIS),
        col(PayloadParser.EVENT_VALUE).as(SilverTable.VALUE),
        field(EventFields.PAGE).as(SilverTable.PAGE),
        field(EventFields.DEVICE).as(SilverTable.DEVICE),
        field(EventFields.COUNTRY).as(SilverTable.COUNTRY),
        eventDate(millis).as(SilverTable.EVENT_DATE),
        col(BronzeTable.KAFKA_TOPIC).as(SilverTable.KAFKA_TOPIC),
        col(BronzeTable.KAFKA_PARTITION).as(SilverTable.KAFKA_PARTITION),
        col(BronzeTable.KAFKA_OFFSET).as(SilverTable.KAFKA_OFFSET),
        col(BronzeTable.INGESTED_AT).as(SilverTable.BRONZE_INGESTED_AT),
        lit(Timestamp.from(processedAt)).as(SilverTable.SILVER_PROCESSED_AT));
  }

  /** The UTC date of epoch milliseconds, independent of the session time zone. */
  static Column eventDate(Column epochMillis) {
    return date_from_unix_date(
        floor(epochMillis.divide(MILLIS_PER_DAY)).cast(DataTypes.IntegerType));
  }
}
