package io.anomalypipe.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.encode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.md5;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.shiftright;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.anomalypipe.common.schema.BronzeTable;
import io.anomalypipe.common.schema.EventFields;
import java.time.LocalDate;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Deterministic clickstream events as Bronze rows, made by Spark itself (no Kafka), for Silver
 * tables and incremental batches of any size. An event is named by (day, seq): the same pair gives
 * the same event (id, time, fields) whichever table or batch it is made for, so a batch can re-send
 * events that a table already holds.
 *
 * <p>Event ids are UUID-shaped hex digests of (day, seq); the event time is a pseudo-random instant
 * within the day; user, type, page, device and country are drawn from the same hash. The payload is
 * the JSON the generator writes (the fields of {@link EventFields}, timestamp and value as
 * numbers), around 300 bytes.
 */
final class SyntheticClickstream {

  /** Columns of {@link #keys}: the event's UTC epoch day and its number within that day. */
  static final String DAY = "day";

  static final String SEQ = "seq";

  /** Whether the record's payload is a broken document (payload_not_json) instead of the event. */
  static final String MALFORMED = "malformed";

  /** The Kafka offset the record gets: unique within the rows handed to {@link #bronzeRows}. */
  static final String OFFSET = "offset";

  /** Epoch millis before which none of the records was sent (re-sent and late events). */
  static final String SENT_NOT_BEFORE = "sent_not_before";

  static final String TOPIC = "bench-synthetic";

  private static final long MILLIS_PER_DAY = 86_400_000L;

  /** Seqs of one day stay below this, so (day, seq) → id is one-to-one. */
  static final long MAX_EVENTS_PER_DAY = 10_000_000L;

  private SyntheticClickstream() {}

  /**
   * Keys of {@code perDay} events on each of {@code days} days from {@code firstDay}: seq 0 to
   * perDay − 1, every event sent shortly after it happened.
   */
  static Dataset<Row> keys(SparkSession spark, LocalDate firstDay, int days, long perDay) {
    return keys(spark, firstDay, days, 0, perDay);
  }

  /** Keys of the events seq ∈ [fromSeq, fromSeq + count) of each of the days. */
  static Dataset<Row> keys(
      SparkSession spark, LocalDate firstDay, int days, long fromSeq, long count) {
    if (fromSeq + count > MAX_EVENTS_PER_DAY) {
      throw new IllegalArgumentException("at most " + MAX_EVENTS_PER_DAY + " events per day");
    }
    Column id = col("id");
    return spark
        .range((long) days * count)
        .select(
            lit(firstDay.toEpochDay()).plus(id.divide(count).cast("long")).cast("int").as(DAY),
            lit(fromSeq).plus(pmod(id, lit(count))).as(SEQ),
            lit(false).as(MALFORMED),
            id.as(OFFSET),
            lit(0L).as(SENT_NOT_BEFORE));
  }

  /**
   * Bronze rows (the columns of {@link BronzeTable#SCHEMA}, in order) for the keys: the event's
   * JSON as payload, or a truncated document for a malformed key. The Kafka timestamp is a second
   * after the event time, or after {@code sent_not_before} if that is later.
   */
  static Dataset<Row> bronzeRows(Dataset<Row> keys) {
    // in steps, each selecting plain columns: one expression tree per column keeps the plan small
    Column uid = col(DAY).cast("long").multiply(MAX_EVENTS_PER_DAY).plus(col(SEQ));
    Dataset<Row> hashed =
        keys.select(
            col("*"),
            xxhash64(uid).as("_hash"),
            md5(uid.cast("string")).as("_digest"),
            col(DAY)
                .cast("long")
                .multiply(MILLIS_PER_DAY)
                .plus(pmod(xxhash64(uid, lit("t")), lit(MILLIS_PER_DAY)))
                .as("_millis"));
    Column hash = col("_hash");
    Column userNumber = pmod(hash, lit(500));
    Dataset<Row> identified =
        hashed.select(
            col("*"),
            uuidShaped(col("_digest")).as(EventFields.EVENT_ID),
            concat(lit("user-"), lpad(userNumber.cast("string"), 5, "0")).as(EventFields.USER_ID));
    // a session: the user's hour of the day
    Column sessionDigest =
        md5(
            concat_ws(
                "/",
                col(EventFields.USER_ID),
                col("_millis").divide(3_600_000L).cast("long").cast("string")));
    Column event =
        struct(
            col(EventFields.EVENT_ID),
            col(EventFields.USER_ID),
            uuidShaped(sessionDigest).as(EventFields.SESSION_ID),
            pick(shiftright(hash, 8), EventFields.EVENT_TYPES.toArray(String[]::new))
                .as(EventFields.EVENT_TYPE),
            col("_millis").as(EventFields.TIMESTAMP),
            round(pmod(shiftright(hash, 16), lit(200_000)).divide(100.0), 2).as(EventFields.VALUE),
            concat(lit("/products/"), pmod(shiftright(hash, 24), lit(2_000)).cast("string"))
                .as(EventFields.PAGE),
            pick(shiftright(hash, 40), "desktop", "mobile", "mobile", "tablet")
                .as(EventFields.DEVICE),
            pick(userNumber, "US", "DE", "FR", "GB", "IN", "BR", "JP", "ES", "IT", "CA")
                .as(EventFields.COUNTRY));
    Column payloadText =
        when(
                col(MALFORMED),
                concat(
                    lit("{\"" + EventFields.EVENT_ID + "\":\""),
                    col(EventFields.EVENT_ID),
                    lit("\",\"user_")))
            .otherwise(to_json(event));
    Column kafkaMillis = greatest(col("_millis"), col(SENT_NOT_BEFORE)).plus(1_000L);
    return identified
        .select(
            col("*"),
            payloadText.as("_payload_text"),
            timestamp_millis(kafkaMillis).as("_kafka_timestamp"),
            timestamp_millis(kafkaMillis.plus(5_000L)).as("_ingested_at"))
        .select(
            encode(col(EventFields.USER_ID), "UTF-8").as(BronzeTable.KAFKA_KEY),
            encode(col("_payload_text"), "UTF-8").as(BronzeTable.PAYLOAD),
            lit(TOPIC).as(BronzeTable.KAFKA_TOPIC),
            pmod(hash, lit(4)).cast("int").as(BronzeTable.KAFKA_PARTITION),
            col(OFFSET).as(BronzeTable.KAFKA_OFFSET),
            col("_kafka_timestamp").as(BronzeTable.KAFKA_TIMESTAMP),
            lit(0).as(BronzeTable.KAFKA_TIMESTAMP_TYPE),
            lit(null).cast(BronzeTable.HEADERS_TYPE).as(BronzeTable.KAFKA_HEADERS),
            col("_ingested_at").as(BronzeTable.INGESTED_AT),
            to_date(col("_ingested_at")).as(BronzeTable.INGEST_DATE));
  }

  /** 32 hex digits as a UUID's 8-4-4-4-12 groups. */
  private static Column uuidShaped(Column hex) {
    return concat_ws(
        "-",
        substring(hex, 1, 8),
        substring(hex, 9, 4),
        substring(hex, 13, 4),
        substring(hex, 17, 4),
        substring(hex, 21, 12));
  }

  /** One of {@code choices}, by a non-negative hash. */
  private static Column pick(Column hash, String... choices) {
    Column[] literals = Arrays.stream(choices).map(c -> lit(c)).toArray(Column[]::new);
    return element_at(
        org.apache.spark.sql.functions.array(literals),
        pmod(hash, lit(choices.length)).plus(1).cast("int"));
  }
}
