package io.anomalypipe.silver;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.decode;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.unix_millis;
import static org.apache.spark.sql.functions.when;

import io.anomalypipe.common.schema.BronzeTable;
import io.anomalypipe.common.schema.EventFields;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Bronze rows → Bronze rows plus the payload read as an event: its text, its JSON fields (all as
 * strings), and the two typed values the rules and Silver need. Pure: Dataset in, Dataset out.
 *
 * <p>Every field is parsed as a string, whatever its JSON type, so that a wrong type is seen rather
 * than silently nulled: {@code "value":"abc"} arrives as the text {@code abc}, fails the number
 * pattern, and the record is quarantined as {@code value_not_numeric}. (Spark's JSON reader hands a
 * number to a string field as its JSON text, e.g. {@code 12.5} or {@code 1.0E7}.) A quoted number
 * such as {@code "value":"12.5"} is therefore accepted as the number it spells.
 *
 * <p>Text that is not one JSON object is told apart by a corrupt-record field in the parse schema:
 * in PERMISSIVE mode Spark fills it with the input when parsing fails, and may still fill the
 * fields it read before the failure, so the fields alone cannot tell a truncated object from a
 * complete one.
 *
 * <p>Typed values are derived only from text that matches a strict pattern, so the casts cannot
 * fail or overflow even with ANSI mode on: epoch milliseconds are up to 15 digits (year 33658),
 * values are JSON numbers.
 */
public final class PayloadParser {

  /** The payload decoded as UTF-8; bytes that are not valid UTF-8 become U+FFFD. */
  public static final String PAYLOAD_TEXT = "_payload_text";

  /** The parsed JSON: a struct of every {@link EventFields#ALL} field as a string. */
  public static final String JSON = "_json";

  /** Inside {@link #JSON}: the input text when it is not one JSON object, else null. */
  public static final String CORRUPT_RECORD = "_silver_corrupt_record";

  /** The event time in epoch milliseconds; null unless the timestamp field is an integer. */
  public static final String EVENT_TIME_MILLIS = "_event_time_millis";

  /** The event value; null unless the value field is a JSON number. */
  public static final String EVENT_VALUE = "_event_value";

  /** The instant event times are judged against: the Kafka timestamp, else Bronze's ingest time. */
  public static final String REFERENCE_MILLIS = "_reference_millis";

  /** Integral epoch milliseconds, at most 15 digits so that micro-seconds fit a long. */
  static final String EPOCH_MILLIS_PATTERN = "^-?[0-9]{1,15}$";

  /** A JSON number (RFC 8259), as Spark's JSON reader renders one into a string field. */
  static final String JSON_NUMBER_PATTERN = "^-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?$";

  /** The parse schema: every event field as a string, plus the corrupt-record field. */
  public static final StructType JSON_TEXT_SCHEMA = jsonTextSchema();

  /** The Bronze columns parsing and quarantine need. */
  static final List<String> REQUIRED_BRONZE_COLUMNS =
      List.of(
          BronzeTable.PAYLOAD,
          BronzeTable.KAFKA_KEY,
          BronzeTable.KAFKA_TOPIC,
          BronzeTable.KAFKA_PARTITION,
          BronzeTable.KAFKA_OFFSET,
          BronzeTable.KAFKA_TIMESTAMP,
          BronzeTable.INGESTED_AT);

  private PayloadParser() {}

  /** Adds the parse columns to Bronze rows; fails fast if the input lacks Bronze columns. */
  public static Dataset<Row> parse(Dataset<Row> bronze) {
    requireBronzeColumns(bronze);
    Column text = decode(col(BronzeTable.PAYLOAD), "UTF-8");
    Column json =
        from_json(
            col(PAYLOAD_TEXT),
            JSON_TEXT_SCHEMA,
            Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT_RECORD));
    Column timestamp = field(EventFields.TIMESTAMP);
    Column value = field(EventFields.VALUE);
    return bronze
        .withColumn(PAYLOAD_TEXT, text)
        .withColumn(JSON, json)
        .withColumn(
            EVENT_TIME_MILLIS,
            when(timestamp.rlike(EPOCH_MILLIS_PATTERN), timestamp.cast(DataTypes.LongType)))
        .withColumn(
            EVENT_VALUE, when(value.rlike(JSON_NUMBER_PATTERN), value.cast(DataTypes.DoubleType)))
        .withColumn(
            REFERENCE_MILLIS,
            unix_millis(coalesce(col(BronzeTable.KAFKA_TIMESTAMP), col(BronzeTable.INGESTED_AT))));
  }

  /** One field of the parsed JSON, as its text (null when absent, JSON null, or unparsed). */
  public static Column field(String name) {
    return col(JSON).getField(name);
  }

  /** Whether the payload parsed as one JSON object. */
  public static Column isJsonObject() {
    return col(JSON).isNotNull().and(field(CORRUPT_RECORD).isNull());
  }

  /** Null, empty or only whitespace: the field carries nothing. */
  public static Column isBlank(Column text) {
    return text.isNull().or(trim(text).equalTo(""));
  }

  static void requireBronzeColumns(Dataset<Row> bronze) {
    List<String> present = Arrays.asList(bronze.columns());
    List<String> missing =
        REQUIRED_BRONZE_COLUMNS.stream().filter(c -> !present.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "Silver parses bronze_events rows; missing columns " + missing + " in " + present);
    }
  }

  private static StructType jsonTextSchema() {
    StructType schema = new StructType();
    for (String name : EventFields.ALL) {
      schema = schema.add(name, DataTypes.StringType, true);
    }
    return schema.add(CORRUPT_RECORD, DataTypes.StringType, true);
  }
}
