package io.anomalypipe.silver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.anomalypipe.common.schema.BronzeTable;
import io.anomalypipe.common.schema.EventFields;
import io.anomalypipe.common.schema.SilverTable;
import io.anomalypipe.common.testing.SparkTestSession;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Parsing payloads into fields and typed values, and the projection to Silver rows. */
class PayloadParserTest {

  @RegisterExtension static final SparkTestSession SPARK = new SparkTestSession();

  static final Instant KAFKA_TIME = Instant.parse("2026-03-10T12:00:00Z");
  static final Instant EVENT_TIME = Instant.parse("2026-03-09T23:59:59.123Z");

  private static Row parseOne(String payload) {
    return PayloadParser.parse(
            BronzeRows.of(SPARK.session(), List.of(BronzeRows.row(payload, 0, 0, KAFKA_TIME))))
        .first();
  }

  private static String field(Row parsed, String name) {
    Row json = parsed.getAs(PayloadParser.JSON);
    return json == null ? null : json.getAs(name);
  }

  @Test
  void validEventYieldsEveryFieldAsTextAndTheTypedValues() {
    Row parsed = parseOne(TestEvents.valid("e-1", EVENT_TIME));

    assertThat(field(parsed, EventFields.EVENT_ID)).isEqualTo("e-1");
    assertThat(field(parsed, EventFields.EVENT_TYPE)).isEqualTo("purchase");
    assertThat(field(parsed, EventFields.TIMESTAMP))
        .isEqualTo(Long.toString(EVENT_TIME.toEpochMilli()));
    assertThat(field(parsed, EventFields.VALUE)).isEqualTo("42.5");
    assertThat(field(parsed, PayloadParser.CORRUPT_RECORD)).isNull();
    assertThat(parsed.<Long>getAs(PayloadParser.EVENT_TIME_MILLIS))
        .isEqualTo(EVENT_TIME.toEpochMilli());
    assertThat(parsed.<Double>getAs(PayloadParser.EVENT_VALUE)).isEqualTo(42.5);
    assertThat(parsed.<Long>getAs(PayloadParser.REFERENCE_MILLIS))
        .isEqualTo(KAFKA_TIME.toEpochMilli());
  }

  @Test
  void wrongTypesArriveAsTextSoTheTypedValueIsNull() {
    Row textTime = parseOne(TestEvents.with("e", EVENT_TIME, "timestamp", "2026-03-09 23:59:59"));
    Row textValue = parseOne(TestEvents.with("e", EVENT_TIME, "value", "abc"));
    Row objectValue = parseOne(TestEvents.with("e", EVENT_TIME, "value", Map.of("amount", 3)));

    assertThat(field(textTime, EventFields.TIMESTAMP)).isEqualTo("2026-03-09 23:59:59");
    assertThat(textTime.<Long>getAs(PayloadParser.EVENT_TIME_MILLIS)).isNull();
    assertThat(field(textValue, EventFields.VALUE)).isEqualTo("abc");
    assertThat(textValue.<Double>getAs(PayloadParser.EVENT_VALUE)).isNull();
    assertThat(field(objectValue, EventFields.VALUE)).isEqualTo("{\"amount\":3}");
    assertThat(objectValue.<Double>getAs(PayloadParser.EVENT_VALUE)).isNull();
  }

  @Test
  void numbersInScientificNotationAndQuotedNumbersAreNumbers() {
    Row big = parseOne(TestEvents.with("e", EVENT_TIME, "value", 1.0e7));
    Row quoted = parseOne(TestEvents.with("e", EVENT_TIME, "value", "12.25"));
    Row fractionalTime =
        parseOne(TestEvents.with("e", EVENT_TIME, "timestamp", EVENT_TIME.toEpochMilli() + 0.5));

    assertThat(big.<Double>getAs(PayloadParser.EVENT_VALUE)).isEqualTo(1.0e7);
    assertThat(quoted.<Double>getAs(PayloadParser.EVENT_VALUE)).isEqualTo(12.25);
    assertThat(fractionalTime.<Long>getAs(PayloadParser.EVENT_TIME_MILLIS))
        .as("epoch millis are integers")
        .isNull();
  }

  @Test
  void truncatedJsonIsFlaggedAsCorruptEvenWhereSomeFieldsWereRead() {
    String full = TestEvents.valid("e-1", EVENT_TIME);
    Row truncated = parseOne(full.substring(0, full.indexOf("\"page\"")));

    assertThat(field(truncated, PayloadParser.CORRUPT_RECORD)).isNotNull();
    assertThat(
            PayloadParser.parse(
                    BronzeRows.of(
                        SPARK.session(),
                        List.of(
                            BronzeRows.row(full.substring(0, 20), 0, 0, KAFKA_TIME),
                            BronzeRows.row("{", 0, 1, KAFKA_TIME),
                            BronzeRows.row("not json", 0, 2, KAFKA_TIME),
                            BronzeRows.row("[1,2]", 0, 3, KAFKA_TIME),
                            BronzeRows.row("123", 0, 4, KAFKA_TIME),
                            BronzeRows.row("  ", 0, 5, KAFKA_TIME))))
                .where(PayloadParser.isJsonObject())
                .count())
        .as("none of these is a JSON object")
        .isZero();
  }

  @Test
  void unknownFieldsAreIgnored() {
    Map<String, Object> fields = TestEvents.fields("e-1", EVENT_TIME);
    fields.put("campaign", "spring");
    fields.put("experiment", Map.of("arm", "b"));
    Row parsed = parseOne(TestEvents.json(fields));

    assertThat(field(parsed, EventFields.EVENT_ID)).isEqualTo("e-1");
    assertThat(field(parsed, PayloadParser.CORRUPT_RECORD)).isNull();
  }

  @Test
  void invalidUtf8BytesAreReplacedInTheText() {
    byte[] payload = {'{', '"', 'a', '"', ':', '"', (byte) 0xFF, '"', '}'};
    Row parsed =
        PayloadParser.parse(
                BronzeRows.of(SPARK.session(), List.of(BronzeRows.row(payload, 0, 0, KAFKA_TIME))))
            .first();

    assertThat(parsed.<String>getAs(PayloadParser.PAYLOAD_TEXT)).isEqualTo("{\"a\":\"\uFFFD\"}");
  }

  @Test
  void silverRowsCarryTheEventTimeThreeWaysItsUtcDateAndTheBronzeCoordinates() {
    Dataset<Row> parsed =
        PayloadParser.parse(
            BronzeRows.of(
                SPARK.session(),
                List.of(BronzeRows.row(TestEvents.valid("e-1", EVENT_TIME), 3, 77, KAFKA_TIME))));
    Instant processedAt = Instant.parse("2026-03-10T12:01:00Z");
    Row silver = SilverProjection.toSilverRows(parsed, processedAt).first();

    assertThat(silver.schema().fieldNames()).containsExactly(SilverTable.SCHEMA.fieldNames());
    assertThat(silver.<String>getAs(SilverTable.EVENT_ID)).isEqualTo("e-1");
    assertThat(silver.<Timestamp>getAs(SilverTable.EVENT_TIME).toInstant()).isEqualTo(EVENT_TIME);
    assertThat(silver.<Long>getAs(SilverTable.EVENT_TIME_MILLIS))
        .isEqualTo(EVENT_TIME.toEpochMilli());
    assertThat(silver.<Long>getAs(SilverTable.EVENT_TIME_SECONDS))
        .isEqualTo(EVENT_TIME.getEpochSecond());
    assertThat(silver.<Double>getAs(SilverTable.VALUE)).isEqualTo(42.5);
    assertThat(silver.<Date>getAs(SilverTable.EVENT_DATE).toLocalDate())
        .as("the UTC date, one second before midnight")
        .hasToString("2026-03-09");
    assertThat(silver.<String>getAs(SilverTable.KAFKA_TOPIC)).isEqualTo(BronzeRows.TOPIC);
    assertThat(silver.<Integer>getAs(SilverTable.KAFKA_PARTITION)).isEqualTo(3);
    assertThat(silver.<Long>getAs(SilverTable.KAFKA_OFFSET)).isEqualTo(77L);
    assertThat(silver.<Timestamp>getAs(SilverTable.SILVER_PROCESSED_AT).toInstant())
        .isEqualTo(processedAt);
  }

  @Test
  void eventDateDoesNotDependOnTheSessionTimeZone() {
    String zone = SPARK.session().conf().get("spark.sql.session.timeZone");
    try {
      SPARK.session().conf().set("spark.sql.session.timeZone", "America/Los_Angeles");
      // 02:00 UTC on the 10th is the evening of the 9th in Los Angeles
      Instant earlyUtc = Instant.parse("2026-03-10T02:00:00Z");
      Dataset<Row> parsed =
          PayloadParser.parse(
              BronzeRows.of(
                  SPARK.session(),
                  List.of(BronzeRows.row(TestEvents.valid("e", earlyUtc), 0, 0, KAFKA_TIME))));
      Row silver = SilverProjection.toSilverRows(parsed, KAFKA_TIME).first();
      assertThat(silver.getAs(SilverTable.EVENT_DATE).toString()).isEqualTo("2026-03-10");
    } finally {
      SPARK.session().conf().set("spark.sql.session.timeZone", zone);
    }
  }

  @Test
  void rejectsInputWithoutBronzeColumns() {
    Dataset<Row> noPayload =
        BronzeRows.of(SPARK.session(), List.<Row>of()).drop(BronzeTable.PAYLOAD);

    assertThatThrownBy(() -> PayloadParser.parse(noPayload))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing columns [payload]");
  }
}
