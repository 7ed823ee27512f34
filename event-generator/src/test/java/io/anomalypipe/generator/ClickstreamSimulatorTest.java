package io.anomalypipe.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anomalypipe.common.schema.EventFields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClickstreamSimulatorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PARTITIONS = 4;
  private static final int COUNT = 20_000;
  private static final long START = Instant.parse(TestConfigs.START).toEpochMilli();
  private static final long DAY = Duration.ofDays(1).toMillis();
  private static final long LATE_BY = Duration.ofHours(6).toMillis();

  private static List<GeneratedRecord> records;

  @BeforeAll
  static void simulate() {
    records = TestConfigs.simulate(busyConfig("7"), PARTITIONS);
  }

  /** 20k records with higher injection rates than the defaults, for statistical power. */
  private static GeneratorConfig busyConfig(String seed) {
    return TestConfigs.config(
        "generator.count", String.valueOf(COUNT),
        "generator.seed", seed,
        "generator.duplicate-rate", "0.05",
        "generator.malformed-rate", "0.04",
        "generator.late-rate", "0.03",
        "generator.anomaly-rate", "0.04");
  }

  @Test
  void sameSeedAndStartTimeGiveTheSameRecords() {
    List<GeneratedRecord> again = TestConfigs.simulate(busyConfig("7"), PARTITIONS);

    assertThat(again).hasSize(COUNT);
    for (int i = 0; i < COUNT; i++) {
      GeneratedRecord a = records.get(i);
      GeneratedRecord b = again.get(i);
      assertThat(b.value()).as("value of record %d", i).isEqualTo(a.value());
      assertThat(b.key()).as("key of record %d", i).isEqualTo(a.key());
      assertThat(b.partition()).as("partition of record %d", i).isEqualTo(a.partition());
      assertThat(b.kind()).isEqualTo(a.kind());
      assertThat(b.subkind()).isEqualTo(a.subkind());
    }
    assertThat(again).isEqualTo(records);
  }

  @Test
  void anotherSeedOrStartTimeGivesOtherRecords() {
    GeneratorConfig otherSeed = TestConfigs.config("generator.count", "200", "generator.seed", "8");
    GeneratorConfig sameSeed = TestConfigs.config("generator.count", "200", "generator.seed", "7");
    GeneratorConfig laterStart =
        TestConfigs.config(
            "generator.count", "200",
            "generator.seed", "7",
            "generator.start-time", "2026-03-01T12:00:00Z");

    List<GeneratedRecord> base = TestConfigs.simulate(sameSeed, PARTITIONS);
    assertThat(TestConfigs.simulate(otherSeed, PARTITIONS)).isNotEqualTo(base);
    assertThat(TestConfigs.simulate(laterStart, PARTITIONS)).isNotEqualTo(base);
    assertThat(sharedValues(base, TestConfigs.simulate(otherSeed, PARTITIONS))).isZero();
  }

  @Test
  void producesExactlyCountRecords() {
    assertThat(records).hasSize(COUNT);
    assertThat(TestConfigs.simulate(TestConfigs.config("generator.count", "1"), 1)).hasSize(1);
  }

  @Test
  void injectionRatesAreRoughlyHonoured() {
    Map<RecordKind, Long> kinds = countBy(records, GeneratedRecord::kind);

    assertThat(share(kinds, RecordKind.DUPLICATE)).isCloseTo(0.05, within(0.01));
    assertThat(share(kinds, RecordKind.MALFORMED)).isCloseTo(0.04, within(0.008));
    assertThat(share(kinds, RecordKind.LATE)).isCloseTo(0.03, within(0.006));
    assertThat(share(kinds, RecordKind.ANOMALY)).isCloseTo(0.04, within(0.01));
    assertThat(share(kinds, RecordKind.VALID)).isCloseTo(0.84, within(0.02));
    assertThat(kinds).doesNotContainKey(RecordKind.REPLAYED);
  }

  @Test
  void everySubkindOccurs() {
    Map<String, Long> malformed = countBy(ofKind(RecordKind.MALFORMED), GeneratedRecord::subkind);
    Map<String, Long> anomalies = countBy(ofKind(RecordKind.ANOMALY), GeneratedRecord::subkind);
    Map<String, Long> duplicates = countBy(ofKind(RecordKind.DUPLICATE), GeneratedRecord::subkind);

    assertThat(malformed.keySet())
        .containsExactlyInAnyOrderElementsOf(names(MalformedKind.values()));
    assertThat(anomalies.keySet()).containsExactlyInAnyOrderElementsOf(names(AnomalyKind.values()));
    assertThat(duplicates.keySet())
        .containsExactlyInAnyOrderElementsOf(names(DuplicatePlacement.values()));
    long total = ofKind(RecordKind.MALFORMED).size();
    malformed.values().forEach(n -> assertThat((double) n / total).isBetween(0.08, 0.28));
    long otherPartition = duplicates.get(DuplicatePlacement.OTHER_PARTITION.name());
    assertThat((double) otherPartition / ofKind(RecordKind.DUPLICATE).size())
        .isCloseTo(0.3, within(0.08));
    assertThat(ofKind(RecordKind.VALID)).allSatisfy(r -> assertThat(r.subkind()).isNull());
    assertThat(ofKind(RecordKind.LATE)).allSatisfy(r -> assertThat(r.subkind()).isNull());
  }

  @Test
  void wellFormedRecordsCarryEveryFieldWithItsType() {
    List<GeneratedRecord> wellFormed =
        records.stream().filter(r -> r.kind() != RecordKind.MALFORMED).toList();

    assertThat(wellFormed).hasSizeGreaterThan(COUNT * 9 / 10);
    for (GeneratedRecord record : wellFormed) {
      JsonNode event = parse(record.value());
      assertWellFormed(event);
      assertThat(record.key()).isEqualTo(event.get(EventFields.USER_ID).textValue().getBytes());
      assertThat(record.eventId()).isEqualTo(event.get(EventFields.EVENT_ID).textValue());
    }
  }

  @Test
  void brokenJsonDoesNotParse() {
    List<GeneratedRecord> broken = ofSubkind(MalformedKind.BROKEN_JSON.name());
    assertThat(broken).isNotEmpty();
    for (GeneratedRecord record : broken) {
      assertThat(record.value()).isNotEmpty();
      assertThat(tryParse(record.value())).as(new String(record.value())).isNull();
      assertThat(record.eventId()).isNull();
    }
  }

  @Test
  void wrongTypesParseButTimestampOrValueIsText() {
    List<GeneratedRecord> wrong = ofSubkind(MalformedKind.WRONG_TYPES.name());
    assertThat(wrong).isNotEmpty();
    for (GeneratedRecord record : wrong) {
      JsonNode event = parse(record.value());
      JsonNode timestamp = event.get(EventFields.TIMESTAMP);
      JsonNode value = event.get(EventFields.VALUE);
      assertThat(timestamp).isNotNull();
      assertThat(value).isNotNull();
      assertThat(timestamp.isNumber() && value.isNumber()).isFalse();
      for (JsonNode field : List.of(timestamp, value)) {
        if (field.isTextual()) {
          assertThat(isNumeric(field.textValue())).as(field.textValue()).isFalse();
        } else {
          assertThat(field.isNumber()).isTrue();
        }
      }
    }
  }

  @Test
  void missingFieldsParseButLackARequiredField() {
    List<GeneratedRecord> missing = ofSubkind(MalformedKind.MISSING_FIELDS.name());
    assertThat(missing).isNotEmpty();
    Set<String> absentSeen = new HashSet<>();
    for (GeneratedRecord record : missing) {
      JsonNode event = parse(record.value());
      List<String> absent =
          EventFields.REQUIRED.stream().filter(field -> !event.has(field)).toList();
      assertThat(absent).hasSize(1);
      absentSeen.addAll(absent);
      if (absent.contains(EventFields.EVENT_ID)) {
        assertThat(record.eventId()).isNull();
      } else {
        assertThat(record.eventId()).isEqualTo(event.get(EventFields.EVENT_ID).textValue());
      }
    }
    assertThat(absentSeen).hasSizeGreaterThan(3);
  }

  @Test
  void oversizedPayloadsExceed64KibButNotKafkasLimit() {
    List<GeneratedRecord> oversized = ofSubkind(MalformedKind.OVERSIZED.name());
    assertThat(oversized).isNotEmpty();
    for (GeneratedRecord record : oversized) {
      assertThat(record.value().length).isGreaterThan(64 * 1024).isLessThan(1_000_000);
      assertThat(parse(record.value()).has(EventFields.EVENT_ID)).isTrue();
    }
  }

  @Test
  void nonUtf8PayloadsFailStrictDecoding() {
    List<GeneratedRecord> nonUtf8 = ofSubkind(MalformedKind.NON_UTF8.name());
    assertThat(nonUtf8).isNotEmpty();
    for (GeneratedRecord record : nonUtf8) {
      var decoder =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
              .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> decoder.decode(java.nio.ByteBuffer.wrap(record.value())))
          .isInstanceOf(java.nio.charset.CharacterCodingException.class);
    }
  }

  @Test
  void emptyPayloadsHaveNoBytes() {
    List<GeneratedRecord> empty = ofSubkind(MalformedKind.EMPTY.name());
    assertThat(empty).isNotEmpty();
    assertThat(empty).allSatisfy(r -> assertThat(r.value()).isEmpty());
    assertThat(empty).allSatisfy(r -> assertThat(r.eventId()).isNull());
    assertThat(records.stream().filter(r -> r.value().length == 0))
        .allSatisfy(r -> assertThat(r.subkind()).isEqualTo(MalformedKind.EMPTY.name()));
  }

  @Test
  void aDuplicateRepeatsTheBytesOfAnEarlierRecordAFewToAFewHundredRecordsBack() {
    List<Integer> lags = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      GeneratedRecord record = records.get(i);
      if (record.kind() != RecordKind.DUPLICATE) {
        continue;
      }
      int original = -1;
      for (int j = i - 1; j >= 0 && original < 0; j--) {
        GeneratedRecord earlier = records.get(j);
        if (earlier.kind() != RecordKind.DUPLICATE
            && Arrays.equals(earlier.value(), record.value())) {
          original = j;
        }
      }
      assertThat(original).as("original of duplicate %d", i).isNotNegative();
      GeneratedRecord first = records.get(original);
      assertThat(first.kind()).isIn(RecordKind.VALID, RecordKind.LATE, RecordKind.ANOMALY);
      assertThat(record.key()).isEqualTo(first.key());
      assertThat(record.eventId()).isEqualTo(first.eventId());
      lags.add(i - original);
      int keyPartition = KeyPartitioner.partitionFor(record.key(), PARTITIONS);
      if (record.subkind().equals(DuplicatePlacement.OTHER_PARTITION.name())) {
        assertThat(record.partition()).isPresent();
        assertThat(record.partition().getAsInt()).isBetween(0, PARTITIONS - 1);
        assertThat(record.partition().getAsInt()).isNotEqualTo(keyPartition);
      } else {
        assertThat(record.partition()).isEmpty();
      }
    }
    assertThat(lags).isNotEmpty();
    assertThat(lags).allSatisfy(lag -> assertThat(lag).isBetween(3, 600));
    assertThat(lags.stream().mapToInt(Integer::intValue).max().getAsInt()).isGreaterThan(100);
    assertThat(records.stream().filter(r -> r.kind() != RecordKind.DUPLICATE))
        .allSatisfy(r -> assertThat(r.partition()).isEmpty());
  }

  @Test
  void eventIdsAreUniqueAmongOriginalRecords() {
    List<String> ids =
        records.stream()
            .filter(r -> r.kind() != RecordKind.DUPLICATE)
            .map(GeneratedRecord::eventId)
            .filter(java.util.Objects::nonNull)
            .toList();
    assertThat(ids).hasSizeGreaterThan(COUNT * 9 / 10);
    assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
  }

  @Test
  void lateEventsLieLateByBehindTheStream() {
    long streamTime = START;
    int late = 0;
    for (GeneratedRecord record : records) {
      if (isOnTime(record)) {
        streamTime = Math.max(streamTime, timestamp(record));
      } else if (record.kind() == RecordKind.LATE) {
        assertThat(timestamp(record)).isEqualTo(streamTime - LATE_BY);
        late++;
      }
    }
    assertThat(late).isGreaterThan(COUNT / 50);
  }

  @Test
  void onTimeEventsComeInEventTimeOrderAndSpreadOverTheSimulatedSpan() {
    long previous = Long.MIN_VALUE;
    for (GeneratedRecord record : records) {
      if (isOnTime(record)) {
        assertThat(timestamp(record)).isGreaterThanOrEqualTo(previous);
        previous = timestamp(record);
      }
    }
    long first = timestamp(records.stream().filter(this::isOnTime).findFirst().orElseThrow());
    assertThat(first).isBetween(START, START + DAY / 10);
    assertThat(previous).isBetween(START + DAY * 3 / 4, START + DAY * 5 / 4);
  }

  @Test
  void usersAreMostActiveInTheirDaytime() {
    long[] byLocalHour = new long[24];
    for (GeneratedRecord record : ofKind(RecordKind.VALID)) {
      JsonNode event = parse(record.value());
      Country country = Country.valueOf(event.get(EventFields.COUNTRY).textValue());
      byLocalHour[country.localHour(event.get(EventFields.TIMESTAMP).longValue())]++;
    }
    double dayPerHour = Arrays.stream(byLocalHour, 10, 22).sum() / 12.0;
    double nightPerHour = Arrays.stream(byLocalHour, 1, 5).sum() / 4.0;
    assertThat(dayPerHour).isGreaterThan(5 * nightPerHour);
    assertThat(nightPerHour).isPositive();
  }

  @Test
  void sessionsFollowTheFunnel() {
    Map<String, List<JsonNode>> sessions = new LinkedHashMap<>();
    for (GeneratedRecord record : records) {
      if (isOnTime(record)) {
        JsonNode event = parse(record.value());
        sessions
            .computeIfAbsent(event.get(EventFields.SESSION_ID).textValue(), s -> new ArrayList<>())
            .add(event);
      }
    }
    int purchases = 0;
    for (List<JsonNode> session : sessions.values()) {
      assertThat(type(session.get(0))).isIn("page_view", "search");
      assertThat(session.stream().map(e -> e.get(EventFields.USER_ID).textValue()).distinct())
          .hasSize(1);
      assertThat(session.stream().map(e -> e.get(EventFields.DEVICE).textValue()).distinct())
          .hasSize(1);
      for (int i = 0; i < session.size(); i++) {
        if (type(session.get(i)).equals("purchase")) {
          purchases++;
          assertThat(type(session.get(i - 1))).isEqualTo("checkout");
          List<String> before = session.subList(0, i).stream().map(this::type).toList();
          assertThat(before).contains("add_to_cart");
        }
      }
    }
    double meanLength = (double) ofKind(RecordKind.VALID).size() / sessions.size();
    assertThat(meanLength).isBetween(3.0, 12.0);
    assertThat(purchases).isGreaterThan(50);
  }

  @Test
  void aUserKeepsOneCountryAndMostlyOneDevice() {
    Map<String, Set<String>> countries = new HashMap<>();
    Map<String, Map<String, Integer>> devices = new HashMap<>();
    for (GeneratedRecord record : ofKind(RecordKind.VALID)) {
      JsonNode event = parse(record.value());
      String user = event.get(EventFields.USER_ID).textValue();
      countries.computeIfAbsent(user, u -> new HashSet<>()).add(text(event, EventFields.COUNTRY));
      devices
          .computeIfAbsent(user, u -> new HashMap<>())
          .merge(text(event, EventFields.DEVICE), 1, Integer::sum);
    }
    assertThat(countries.values()).allSatisfy(set -> assertThat(set).hasSize(1));
    long usersWithDominantDevice =
        devices.values().stream()
            .filter(
                counts -> {
                  int total = counts.values().stream().mapToInt(Integer::intValue).sum();
                  int top = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
                  return total < 20 || top >= total * 0.6;
                })
            .count();
    assertThat(usersWithDominantDevice).isGreaterThan(devices.size() * 9 / 10);
  }

  @Test
  void aBotBurstIsManyEventsOfOneUserWithinSeconds() {
    Map<String, List<JsonNode>> bursts = new LinkedHashMap<>();
    for (GeneratedRecord record : ofSubkind(AnomalyKind.BOT_BURST.name())) {
      JsonNode event = parse(record.value());
      bursts
          .computeIfAbsent(text(event, EventFields.SESSION_ID), s -> new ArrayList<>())
          .add(event);
    }
    assertThat(bursts).isNotEmpty();
    for (List<JsonNode> burst : bursts.values()) {
      assertThat(burst.size()).isBetween(AnomalyInjector.MIN_BURST, AnomalyInjector.MAX_BURST);
      assertThat(burst.stream().map(e -> text(e, EventFields.USER_ID)).distinct()).hasSize(1);
      long first = burst.get(0).get(EventFields.TIMESTAMP).longValue();
      long last = burst.get(burst.size() - 1).get(EventFields.TIMESTAMP).longValue();
      assertThat(last - first).isBetween(1L, 10_000L);
    }
    // The events of a burst come out one after the other.
    for (int i = 0; i < records.size(); i++) {
      if (AnomalyKind.BOT_BURST.name().equals(records.get(i).subkind())
          && (i == 0 || !AnomalyKind.BOT_BURST.name().equals(records.get(i - 1).subkind()))) {
        String session = text(parse(records.get(i).value()), EventFields.SESSION_ID);
        int size = bursts.get(session).size();
        for (int j = i; j < i + size; j++) {
          assertThat(text(parse(records.get(j).value()), EventFields.SESSION_ID))
              .isEqualTo(session);
        }
      }
    }
  }

  @Test
  void aPurchaseWithoutViewOpensASessionOfItsOwn() {
    Map<String, Long> eventsBySession =
        countBy(
            records.stream().filter(r -> r.kind() != RecordKind.DUPLICATE).toList(),
            r -> r.kind() == RecordKind.MALFORMED ? "" : text(parse(r.value()), "session_id"));
    List<GeneratedRecord> anomalies = ofSubkind(AnomalyKind.PURCHASE_WITHOUT_VIEW.name());
    assertThat(anomalies).isNotEmpty();
    for (GeneratedRecord record : anomalies) {
      JsonNode event = parse(record.value());
      assertThat(type(event)).isEqualTo("purchase");
      assertThat(eventsBySession.get(text(event, EventFields.SESSION_ID))).isEqualTo(1L);
      assertThat(event.get(EventFields.VALUE).doubleValue()).isPositive();
    }
  }

  @Test
  void anOddHourEventHappensInTheUsersNight() {
    List<GeneratedRecord> anomalies = ofSubkind(AnomalyKind.ODD_HOUR.name());
    assertThat(anomalies).isNotEmpty();
    for (GeneratedRecord record : anomalies) {
      JsonNode event = parse(record.value());
      Country country = Country.valueOf(text(event, EventFields.COUNTRY));
      assertThat(country.localHour(event.get(EventFields.TIMESTAMP).longValue())).isBetween(2, 4);
    }
  }

  @Test
  void anExtremeValueIsFarAboveTheUsersUsual() {
    Map<String, List<Double>> usual = new HashMap<>();
    for (GeneratedRecord record : ofKind(RecordKind.VALID)) {
      JsonNode event = parse(record.value());
      usual
          .computeIfAbsent(text(event, "user_id") + "/" + type(event), k -> new ArrayList<>())
          .add(event.get(EventFields.VALUE).doubleValue());
    }
    List<GeneratedRecord> anomalies = ofSubkind(AnomalyKind.EXTREME_VALUE.name());
    assertThat(anomalies).isNotEmpty();
    int compared = 0;
    for (GeneratedRecord record : anomalies) {
      JsonNode event = parse(record.value());
      List<Double> values = usual.get(text(event, "user_id") + "/" + type(event));
      if (values != null && values.size() >= 3) {
        double median = values.stream().sorted().toList().get(values.size() / 2);
        assertThat(event.get(EventFields.VALUE).doubleValue()).isGreaterThan(10 * median);
        compared++;
      }
    }
    assertThat(compared).isGreaterThan(3);
  }

  @Test
  void anAnomalyIsAWellFormedEventWithoutItsLabelInThePayload() {
    for (GeneratedRecord record : ofKind(RecordKind.ANOMALY)) {
      String payload = new String(record.value(), StandardCharsets.UTF_8);
      for (AnomalyKind kind : AnomalyKind.values()) {
        assertThat(payload).doesNotContain(kind.name());
      }
      assertThat(payload).doesNotContainIgnoringCase("anomal");
    }
  }

  @Test
  void aSinglePartitionTopicGetsNoExplicitPartitions() {
    List<GeneratedRecord> onePartition = TestConfigs.simulate(busyConfig("3"), 1);
    assertThat(onePartition.stream().filter(r -> r.kind() == RecordKind.DUPLICATE)).isNotEmpty();
    assertThat(onePartition).allSatisfy(r -> assertThat(r.partition()).isEmpty());
  }

  // --- helpers ---

  private static void assertWellFormed(JsonNode event) {
    assertThat(event.isObject()).isTrue();
    for (String field : EventFields.REQUIRED) {
      assertThat(event.has(field)).as(field + " in " + event).isTrue();
    }
    assertThat(event.get(EventFields.EVENT_ID).isTextual()).isTrue();
    assertThat(event.get(EventFields.USER_ID).isTextual()).isTrue();
    assertThat(event.get(EventFields.SESSION_ID).isTextual()).isTrue();
    assertThat(EventFields.EVENT_TYPES).contains(event.get(EventFields.EVENT_TYPE).textValue());
    assertThat(event.get(EventFields.TIMESTAMP).isIntegralNumber()).isTrue();
    assertThat(event.get(EventFields.VALUE).isNumber()).isTrue();
    assertThat(event.get(EventFields.VALUE).doubleValue()).isPositive();
    assertThat(event.get(EventFields.PAGE).textValue()).startsWith("/");
    assertThat(event.get(EventFields.DEVICE).textValue()).isIn("desktop", "mobile", "tablet");
    assertThat(event.get(EventFields.COUNTRY).textValue()).matches("[A-Z]{2}");
  }

  private boolean isOnTime(GeneratedRecord record) {
    return record.kind() == RecordKind.VALID
        || AnomalyKind.EXTREME_VALUE.name().equals(record.subkind());
  }

  private static long timestamp(GeneratedRecord record) {
    return parse(record.value()).get(EventFields.TIMESTAMP).longValue();
  }

  private String type(JsonNode event) {
    return event.get(EventFields.EVENT_TYPE).textValue();
  }

  private static String text(JsonNode event, String field) {
    return event.get(field).textValue();
  }

  private static JsonNode parse(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode tryParse(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      return null;
    }
  }

  private static boolean isNumeric(String text) {
    try {
      Double.parseDouble(text);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static List<GeneratedRecord> ofKind(RecordKind kind) {
    return records.stream().filter(r -> r.kind() == kind).toList();
  }

  private static List<GeneratedRecord> ofSubkind(String subkind) {
    return records.stream().filter(r -> subkind.equals(r.subkind())).toList();
  }

  private static <K> Map<K, Long> countBy(
      List<GeneratedRecord> list, java.util.function.Function<GeneratedRecord, K> key) {
    Map<K, Long> counts = new HashMap<>();
    list.forEach(r -> counts.merge(key.apply(r), 1L, Long::sum));
    return counts;
  }

  private static double share(Map<RecordKind, Long> kinds, RecordKind kind) {
    return kinds.getOrDefault(kind, 0L) / (double) COUNT;
  }

  private static List<String> names(Enum<?>[] constants) {
    return Arrays.stream(constants).map(Enum::name).toList();
  }

  private static long sharedValues(List<GeneratedRecord> a, List<GeneratedRecord> b) {
    Set<String> values = new HashSet<>();
    a.forEach(r -> values.add(new String(r.value(), StandardCharsets.ISO_8859_1)));
    Predicate<GeneratedRecord> shared =
        r ->
            r.value().length > 0
                && values.contains(new String(r.value(), StandardCharsets.ISO_8859_1));
    return b.stream().filter(shared).count();
  }
}
