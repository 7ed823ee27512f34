package io.anomalypipe.silver;

import static io.anomalypipe.silver.SilverValidationRules.EVENT_TIME_IN_FUTURE;
import static io.anomalypipe.silver.SilverValidationRules.EVENT_TIME_TOO_OLD;
import static io.anomalypipe.silver.SilverValidationRules.PAYLOAD_EMPTY;
import static io.anomalypipe.silver.SilverValidationRules.PAYLOAD_NOT_JSON;
import static io.anomalypipe.silver.SilverValidationRules.PAYLOAD_NOT_UTF8;
import static io.anomalypipe.silver.SilverValidationRules.PAYLOAD_TOO_LARGE;
import static io.anomalypipe.silver.SilverValidationRules.TIMESTAMP_NOT_EPOCH_MILLIS;
import static io.anomalypipe.silver.SilverValidationRules.UNKNOWN_EVENT_TYPE;
import static io.anomalypipe.silver.SilverValidationRules.VALUE_NOT_NUMERIC;
import static io.anomalypipe.silver.SilverValidationRules.VALUE_OUT_OF_RANGE;
import static io.anomalypipe.silver.SilverValidationRules.missing;
import static org.assertj.core.api.Assertions.assertThat;

import io.anomalypipe.common.schema.EventFields;
import io.anomalypipe.common.testing.SparkTestSession;
import io.anomalypipe.generator.MalformedKind;
import io.anomalypipe.generator.RecordKind;
import io.anomalypipe.generator.SentRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Each rule on its own, the report of combined faults, and every malformed kind the generator
 * makes.
 */
class SilverValidationRulesTest {

  @RegisterExtension static final SparkTestSession SPARK = new SparkTestSession();

  static final ValidationLimits LIMITS =
      new ValidationLimits(65_536, 0, 10_000_000, Duration.ofDays(30), Duration.ofHours(1));
  static final Instant KAFKA_TIME = Instant.parse("2026-03-10T12:00:00Z");
  static final Instant EVENT_TIME = KAFKA_TIME.minus(Duration.ofMinutes(5));

  static final List<String> REQUIRED_FIELDS = EventFields.REQUIRED;

  /** Records of every malformed kind, by the real generator; classified once for all kinds. */
  private static final Map<SentRecord, List<String>> GENERATED_REPORTS = new HashMap<>();

  @BeforeAll
  static void classifyGeneratedRecords() {
    Instant start = Instant.parse("2026-03-01T00:00:00Z");
    List<SentRecord> sent =
        GeneratedRecords.generate(
            "--generator.count", "1500",
            "--generator.malformed-rate", "0.2",
            "--generator.seed", "17",
            "--generator.start-time", start.toString(),
            "--generator.progress-interval", "1h");
    Map<String, SentRecord> byCoordinates = new HashMap<>();
    sent.forEach(r -> byCoordinates.put(r.partition() + "/" + r.offset(), r));
    List<Row> classified =
        SilverValidationRules.classify(
                PayloadParser.parse(
                    BronzeRows.of(SPARK.session(), sent, start.plus(Duration.ofDays(2)))),
                LIMITS)
            .select("kafka_partition", "kafka_offset", SilverValidationRules.FAILED_RULES)
            .collectAsList();
    for (Row row : classified) {
      GENERATED_REPORTS.put(
          byCoordinates.get(row.getInt(0) + "/" + row.getLong(1)), row.getList(2));
    }
    assertThat(GENERATED_REPORTS).hasSize(sent.size());
  }

  private static List<String> failedRules(String... payloads) {
    return failedRules(
        Arrays.stream(payloads)
            .map(p -> p.getBytes(StandardCharsets.UTF_8))
            .toArray(byte[][]::new));
  }

  /** The failed rules of each payload, joined per payload with '+' ("" for a valid one). */
  private static List<String> failedRules(byte[]... payloads) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < payloads.length; i++) {
      rows.add(BronzeRows.row(payloads[i], 0, i, KAFKA_TIME));
    }
    return SilverValidationRules.classify(
            PayloadParser.parse(BronzeRows.of(SPARK.session(), rows)), LIMITS)
        .orderBy("kafka_offset")
        .select(SilverValidationRules.FAILED_RULES)
        .collectAsList()
        .stream()
        .map(row -> String.join("+", row.<String>getList(0)))
        .toList();
  }

  @Test
  void aValidEventBreaksNoRule() {
    assertThat(failedRules(TestEvents.valid("e-1", EVENT_TIME))).containsExactly("");
  }

  @Test
  void payloadEmpty() {
    assertThat(failedRules(new byte[0], null)).containsExactly(PAYLOAD_EMPTY, PAYLOAD_EMPTY);
  }

  @Test
  void payloadTooLarge() {
    String padded = TestEvents.with("e", EVENT_TIME, "padding", "x".repeat(65_536));
    String justFits =
        TestEvents.with(
            "e",
            EVENT_TIME,
            "padding",
            "x".repeat(65_536 - TestEvents.valid("e", EVENT_TIME).length() - 13));

    assertThat(justFits.getBytes(StandardCharsets.UTF_8)).hasSize(65_536);
    assertThat(failedRules(padded, justFits)).containsExactly(PAYLOAD_TOO_LARGE, "");
  }

  @Test
  void payloadNotUtf8() {
    byte[] valid = TestEvents.valid("e", EVENT_TIME).getBytes(StandardCharsets.UTF_8);
    byte[][] invalidSequences = {
      {(byte) 0xFF},
      {(byte) 0xC3, (byte) 0x28},
      {(byte) 0x80},
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80}
    };
    List<byte[]> payloads = new ArrayList<>();
    for (byte[] invalid : invalidSequences) {
      payloads.add(insertAfter(valid, "\"page\":\"", invalid));
    }
    payloads.add(
        TestEvents.with("e", EVENT_TIME, "page", "/produkt/größe-€-\uD83D\uDE00")
            .getBytes(StandardCharsets.UTF_8));

    assertThat(failedRules(payloads.toArray(byte[][]::new)))
        .containsExactly(
            PAYLOAD_NOT_UTF8, PAYLOAD_NOT_UTF8, PAYLOAD_NOT_UTF8, PAYLOAD_NOT_UTF8, "");
  }

  @Test
  void payloadNotJsonReportsOnlyThatNotTheMissingFields() {
    String full = TestEvents.valid("e", EVENT_TIME);

    assertThat(
            failedRules(
                full.substring(0, full.length() - 1), "{", "not json", "[1,2]", "123", "null", " "))
        .containsOnly(PAYLOAD_NOT_JSON)
        .hasSize(7);
  }

  @ParameterizedTest
  @FieldSource("REQUIRED_FIELDS")
  void missingRequiredField(String field) {
    assertThat(
            failedRules(
                TestEvents.with("e", EVENT_TIME, field, TestEvents.ABSENT),
                TestEvents.with("e", EVENT_TIME, field, null),
                TestEvents.with("e", EVENT_TIME, field, " ")))
        .containsOnly(missing(field))
        .hasSize(3);
  }

  @Test
  void optionalFieldsMayBeAbsent() {
    assertThat(
            failedRules(
                TestEvents.with("e", EVENT_TIME, EventFields.PAGE, TestEvents.ABSENT),
                TestEvents.with("e", EVENT_TIME, EventFields.DEVICE, null),
                TestEvents.with("e", EVENT_TIME, EventFields.COUNTRY, TestEvents.ABSENT)))
        .containsOnly("");
  }

  @Test
  void timestampNotEpochMillis() {
    assertThat(
            failedRules(
                TestEvents.with("e", EVENT_TIME, "timestamp", "2026-03-10 11:55:00"),
                TestEvents.with("e", EVENT_TIME, "timestamp", EVENT_TIME.toEpochMilli() + 0.5),
                TestEvents.with("e", EVENT_TIME, "timestamp", "1".repeat(16)),
                TestEvents.with(
                    "e", EVENT_TIME, "timestamp", Long.toString(EVENT_TIME.toEpochMilli()))))
        .containsExactly(
            TIMESTAMP_NOT_EPOCH_MILLIS, TIMESTAMP_NOT_EPOCH_MILLIS, TIMESTAMP_NOT_EPOCH_MILLIS, "");
  }

  @Test
  void eventTimeTooOldRelativeToTheKafkaTimestamp() {
    Instant limit = KAFKA_TIME.minus(Duration.ofDays(30));

    assertThat(
            failedRules(
                TestEvents.valid("e", limit.minusMillis(1)),
                TestEvents.valid("e", limit),
                TestEvents.valid("e", Instant.EPOCH.minusSeconds(10))))
        .containsExactly(EVENT_TIME_TOO_OLD, "", EVENT_TIME_TOO_OLD);
  }

  @Test
  void eventTimeInFutureRelativeToTheKafkaTimestamp() {
    Instant limit = KAFKA_TIME.plus(Duration.ofHours(1));

    assertThat(
            failedRules(
                TestEvents.valid("e", limit.plusMillis(1)),
                TestEvents.valid("e", limit),
                TestEvents.with("e", EVENT_TIME, "timestamp", 999_999_999_999_999L)))
        .containsExactly(EVENT_TIME_IN_FUTURE, "", EVENT_TIME_IN_FUTURE);
  }

  @Test
  void unknownEventType() {
    List<String> known =
        failedRules(
            EventFields.EVENT_TYPES.stream()
                .map(type -> TestEvents.with("e", EVENT_TIME, "event_type", type))
                .toArray(String[]::new));

    assertThat(known).containsOnly("");
    assertThat(
            failedRules(
                TestEvents.with("e", EVENT_TIME, "event_type", "teleport"),
                TestEvents.with("e", EVENT_TIME, "event_type", "Purchase")))
        .containsOnly(UNKNOWN_EVENT_TYPE)
        .hasSize(2);
  }

  @Test
  void valueNotNumeric() {
    assertThat(
            failedRules(
                TestEvents.with("e", EVENT_TIME, "value", "abc"),
                TestEvents.with("e", EVENT_TIME, "value", "N/A"),
                TestEvents.with("e", EVENT_TIME, "value", true),
                TestEvents.with("e", EVENT_TIME, "value", List.of(1, 2)),
                TestEvents.with("e", EVENT_TIME, "value", "NaN")))
        .containsOnly(VALUE_NOT_NUMERIC)
        .hasSize(5);
  }

  @Test
  void valueOutOfRangeButExtremeRealValuesPass() {
    assertThat(
            failedRules(
                TestEvents.with("e", EVENT_TIME, "value", -0.01),
                TestEvents.with("e", EVENT_TIME, "value", 1.0e7 + 1),
                TestEvents.with("e", EVENT_TIME, "value", "1e400"),
                TestEvents.with("e", EVENT_TIME, "value", 0),
                TestEvents.with("e", EVENT_TIME, "value", 250_000.75),
                TestEvents.with("e", EVENT_TIME, "value", 1.0e7)))
        .containsExactly(VALUE_OUT_OF_RANGE, VALUE_OUT_OF_RANGE, VALUE_OUT_OF_RANGE, "", "", "");
  }

  @Test
  void everyBrokenRuleIsReportedInRuleOrder() {
    Map<String, Object> fields = TestEvents.fields("e", KAFKA_TIME.plus(Duration.ofDays(1)));
    fields.put(EventFields.EVENT_TYPE, "teleport");
    fields.put(EventFields.VALUE, -5);
    fields.remove(EventFields.USER_ID);

    assertThat(failedRules(TestEvents.json(fields)))
        .containsExactly(
            String.join(
                "+",
                missing(EventFields.USER_ID),
                EVENT_TIME_IN_FUTURE,
                UNKNOWN_EVENT_TYPE,
                VALUE_OUT_OF_RANGE));
  }

  @Test
  void ruleNamesAreUniqueAndDescribed() {
    List<ValidationRule> rules = SilverValidationRules.rules(LIMITS);

    assertThat(rules.stream().map(ValidationRule::name).distinct().count()).isEqualTo(rules.size());
    assertThat(rules).allSatisfy(rule -> assertThat(rule.description()).isNotBlank());
    assertThat(rules.stream().map(ValidationRule::name))
        .contains(
            PAYLOAD_EMPTY,
            PAYLOAD_TOO_LARGE,
            PAYLOAD_NOT_UTF8,
            PAYLOAD_NOT_JSON,
            TIMESTAMP_NOT_EPOCH_MILLIS,
            EVENT_TIME_TOO_OLD,
            EVENT_TIME_IN_FUTURE,
            UNKNOWN_EVENT_TYPE,
            VALUE_NOT_NUMERIC,
            VALUE_OUT_OF_RANGE)
        .containsAll(EventFields.REQUIRED.stream().map(SilverValidationRules::missing).toList());
  }

  @ParameterizedTest
  @EnumSource(MalformedKind.class)
  void generatedMalformedRecordsReportTheirCause(MalformedKind kind) {
    Map<SentRecord, List<String>> ofKind =
        GENERATED_REPORTS.entrySet().stream()
            .filter(e -> e.getKey().kind() == RecordKind.MALFORMED)
            .filter(e -> e.getKey().subkind().equals(kind.name()))
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));

    assertThat(ofKind).as("the generator made %s records", kind).hasSizeGreaterThan(5);
    ofKind.forEach(
        (record, rules) ->
            assertThat(rules).as("rules of %s", record).isEqualTo(ExpectedRules.of(record)));
  }

  @Test
  void generatedWellFormedRecordsAllPass() {
    List<Map.Entry<SentRecord, List<String>>> wellFormed =
        GENERATED_REPORTS.entrySet().stream()
            .filter(e -> e.getKey().kind() != RecordKind.MALFORMED)
            .toList();

    assertThat(wellFormed).hasSizeGreaterThan(1000);
    assertThat(wellFormed)
        .allSatisfy(e -> assertThat(e.getValue()).as("rules of %s", e.getKey()).isEmpty());
    assertThat(wellFormed)
        .as("extreme-value anomalies are real events, not broken ones")
        .anySatisfy(e -> assertThat(e.getKey().subkind()).isEqualTo("EXTREME_VALUE"));
  }

  private static byte[] insertAfter(byte[] bytes, String marker, byte[] inserted) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    int at = text.indexOf(marker) + marker.length();
    byte[] result = new byte[bytes.length + inserted.length];
    System.arraycopy(bytes, 0, result, 0, at);
    System.arraycopy(inserted, 0, result, at, inserted.length);
    System.arraycopy(bytes, at, result, at + inserted.length, bytes.length - at);
    return result;
  }
}
