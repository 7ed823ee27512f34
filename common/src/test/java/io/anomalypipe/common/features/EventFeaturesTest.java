package io.anomalypipe.common.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.anomalypipe.common.schema.EventFields;
import io.anomalypipe.common.schema.SilverTable;
import io.anomalypipe.common.testing.SparkTestSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EventFeaturesTest {

  @RegisterExtension static final SparkTestSession SPARK = new SparkTestSession();

  private static final long SECOND = 1_000L;
  private static final long MINUTE = 60 * SECOND;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;
  private static final double CAPPED_GAP = Math.log1p(86_400);

  @Test
  void definitionsAreDoublesWithPrefixedNamesInAFixedOrder() {
    assertThat(EventFeatures.names())
        .containsExactly(
            "feature_log_value",
            "feature_value_vs_user_usual",
            "feature_log_seconds_since_previous",
            "feature_user_events_last_minute",
            "feature_local_hours_since_5am",
            "feature_event_type",
            "feature_log_session_events_before");
    for (FeatureDefinition feature : EventFeatures.FEATURES) {
      assertThat(feature.mlflowType()).isEqualTo("double");
      assertThat(feature.description()).isNotBlank();
    }
    assertThat(EventFeatures.LOOKBACK).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void logValueIsTheSignedLogOfOnePlusTheValue() {
    Map<String, double[]> features =
        features(
            new SilverEvents()
                .add("a", "u1", "s1", "page_view", 0, 0.0, "GB")
                .add("b", "u2", "s2", "page_view", 0, 1.0, "GB")
                .add("c", "u3", "s3", "purchase", 0, 99.0, "GB")
                .add("d", "u4", "s4", "page_view", 0, -99.0, "GB"));
    assertThat(features.get("a")[0]).isEqualTo(0.0);
    assertThat(features.get("b")[0]).isEqualTo(Math.log1p(1.0));
    assertThat(features.get("c")[0]).isCloseTo(Math.log(100), within(1e-15));
    assertThat(features.get("d")[0]).isCloseTo(-Math.log(100), within(1e-15));
  }

  @Test
  void valueIsComparedWithTheUsersEarlierValuesOfTheSameKindInTheLastDay() {
    Map<String, double[]> features =
        features(
            new SilverEvents()
                // dwell times 9 and 99 s, then one of 999 s: ln(1000) - mean(ln 10, ln 100)
                .add("d1", "u1", "s1", "page_view", 0, 9.0, "GB")
                .add("d2", "u1", "s1", "click", 10 * SECOND, 99.0, "GB")
                .add("d3", "u1", "s1", "search", 20 * SECOND, 999.0, "GB")
                // first money value: nothing of its kind before it
                .add("m1", "u1", "s1", "add_to_cart", 30 * SECOND, 49.0, "GB")
                .add("m2", "u1", "s1", "checkout", 40 * SECOND, 4_999.0, "GB")
                // the same millisecond as m2: not "before" it, so m2 is not its history
                .add("m3", "u1", "s1", "purchase", 40 * SECOND, 4_999.0, "GB")
                // another user's values never count
                .add("o1", "u2", "s9", "page_view", 5 * SECOND, 1e6, "GB")
                // 24 h and 1 ms after d1: d1 has just left the history (d2 and d3 remain)
                .add("late", "u1", "s2", "page_view", DAY + 1, 99.0, "GB"));
    assertThat(features.get("d1")[1]).isEqualTo(0.0);
    assertThat(features.get("d2")[1]).isCloseTo(Math.log(10), within(1e-6));
    assertThat(features.get("d3")[1])
        .isCloseTo(Math.log(1000) - (Math.log(10) + Math.log(100)) / 2, within(1e-6));
    assertThat(features.get("m1")[1]).isEqualTo(0.0);
    assertThat(features.get("m2")[1]).isCloseTo(Math.log(100), within(1e-6));
    assertThat(features.get("m3")[1]).isCloseTo(Math.log(100), within(1e-6));
    assertThat(features.get("o1")[1]).isEqualTo(0.0);
    assertThat(features.get("late")[1])
        .isCloseTo(Math.log(100) - (Math.log(100) + Math.log(1000)) / 2, within(1e-6));
    // The mean is of log values rounded to multiples of 2^-20: exactly this.
    double grid = 1 << 20;
    assertThat(features.get("d2")[1])
        .isEqualTo(Math.log1p(99.0) - Math.rint(Math.log1p(9.0) * grid) / grid);
  }

  @Test
  void secondsSinceThePreviousEventAreLogScaledAndCappedAtADay() {
    Map<String, double[]> features =
        features(
            new SilverEvents()
                .add("a", "u1", "s1", "page_view", 0, 1, "GB")
                .add("b", "u1", "s1", "click", 1_500, 1, "GB")
                // same millisecond: ordered by event_id, so "c" follows "b" after 0 s
                .add("c", "u1", "s2", "click", 1_500, 1, "GB")
                .add("d", "u1", "s3", "page_view", 1_500 + 3 * DAY, 1, "GB")
                .add("e", "u1", "s3", "page_view", 1_500 + 3 * DAY + DAY - 1, 1, "GB")
                .add("x", "u2", "s9", "page_view", 1_000, 1, "GB"));
    assertThat(features.get("a")[2]).isEqualTo(CAPPED_GAP);
    assertThat(features.get("b")[2]).isEqualTo(Math.log1p(1.5));
    assertThat(features.get("c")[2]).isEqualTo(0.0);
    assertThat(features.get("d")[2]).isEqualTo(CAPPED_GAP);
    assertThat(features.get("e")[2]).isEqualTo(Math.log1p(86_399.999));
    assertThat(features.get("x")[2]).isEqualTo(CAPPED_GAP);
  }

  @Test
  void eventsOfTheUserInTheLastMinuteIncludeTheEventItself() {
    Map<String, double[]> features =
        features(
            new SilverEvents()
                .add("a", "u1", "s1", "page_view", 0, 1, "GB")
                .add("b", "u1", "s1", "click", 30 * SECOND, 1, "GB")
                .add("c", "u1", "s2", "click", MINUTE, 1, "GB")
                .add("d", "u1", "s2", "click", MINUTE + 1, 1, "GB")
                .add("e", "u1", "s2", "click", MINUTE + 1, 1, "GB")
                .add("x", "u2", "s9", "click", 31 * SECOND, 1, "GB"));
    assertThat(features.get("a")[3]).isEqualTo(1.0);
    assertThat(features.get("b")[3]).isEqualTo(2.0);
    assertThat(features.get("c")[3]).isEqualTo(3.0);
    // [1 ms, 60.001 s]: b, c, and the two tied events d and e
    assertThat(features.get("d")[3]).isEqualTo(4.0);
    assertThat(features.get("e")[3]).isEqualTo(4.0);
    assertThat(features.get("x")[3]).isEqualTo(1.0);
  }

  @Test
  void localTimeOfDayFollowsTheCountrysOffsetAndStartsAtFive() {
    // T0 is 08:00 UTC
    Map<String, double[]> features =
        features(
            new SilverEvents()
                .add("us", "u1", "s1", "page_view", 0, 1, "US") // 03:00 local
                .add("jp", "u2", "s2", "page_view", 0, 1, "JP") // 17:00
                .add("in", "u3", "s3", "page_view", 0, 1, "IN") // 13:30
                .add("nz", "u4", "s4", "page_view", 0, 1, "NZ") // 21:00
                .add("gb", "u5", "s5", "page_view", -3 * HOUR, 1, "GB") // 05:00
                .add("gb2", "u5", "s6", "page_view", -3 * HOUR - 1, 1, "GB") // 04:59:59.999
                .add("none", "u6", "s7", "page_view", 0, 1, null) // UTC
                .add("unknown", "u7", "s8", "page_view", 0, 1, "ZZ")); // UTC
    assertThat(features.get("us")[4]).isEqualTo(22.0);
    assertThat(features.get("jp")[4]).isEqualTo(12.0);
    assertThat(features.get("in")[4]).isEqualTo(8.5);
    assertThat(features.get("nz")[4]).isEqualTo(16.0);
    assertThat(features.get("gb")[4]).isEqualTo(0.0);
    assertThat(features.get("gb2")[4]).isEqualTo((24 * HOUR - 1) / (double) HOUR);
    assertThat(features.get("none")[4]).isEqualTo(3.0);
    assertThat(features.get("unknown")[4]).isEqualTo(3.0);
  }

  @Test
  void eventTypeIsItsPositionInTheFunnel() {
    SilverEvents events = new SilverEvents();
    for (int i = 0; i < EventFields.EVENT_TYPES.size(); i++) {
      events.add("e" + i, "u" + i, "s" + i, EventFields.EVENT_TYPES.get(i), 0, 1, "GB");
    }
    events.add("bad", "u9", "s9", "teleport", 0, 1, "GB");
    Map<String, double[]> features = features(events);
    for (int i = 0; i < EventFields.EVENT_TYPES.size(); i++) {
      assertThat(features.get("e" + i)[5]).isEqualTo(i);
    }
    assertThat(features.get("bad")[5]).isEqualTo(-1.0);
  }

  @Test
  void sessionEventsBeforeCountTheSessionsEarlierEventsOnALogScale() {
    Map<String, double[]> features =
        features(
            new SilverEvents()
                .add("a", "u1", "s1", "page_view", 0, 1, "GB")
                .add("b", "u1", "s1", "click", 10 * SECOND, 1, "GB")
                .add("c", "u1", "s1", "click", 10 * SECOND, 1, "GB")
                .add("d", "u1", "s1", "add_to_cart", 20 * SECOND, 1, "GB")
                // another session of the same user, interleaved
                .add("p", "u1", "s2", "purchase", 15 * SECOND, 1, "GB")
                // a session id reused by another user is another session
                .add("q", "u2", "s1", "page_view", 30 * SECOND, 1, "GB"));
    assertThat(features.get("a")[6]).isEqualTo(0.0);
    assertThat(features.get("b")[6]).isEqualTo(Math.log1p(1));
    assertThat(features.get("c")[6]).isEqualTo(Math.log1p(1));
    assertThat(features.get("d")[6]).isEqualTo(Math.log1p(3));
    assertThat(features.get("p")[6]).isEqualTo(0.0);
    assertThat(features.get("q")[6]).isEqualTo(0.0);
  }

  @Test
  void sameRowsGiveTheSameFeaturesWhateverTheirOrderAndPartitioning() {
    List<Row> rows = randomHistory(40, 3, 11L).rows();
    Dataset<Row> inOrder = SPARK.session().createDataFrame(rows, SilverTable.SCHEMA);
    List<Row> shuffled = new ArrayList<>(rows);
    Collections.shuffle(shuffled, new java.util.Random(5));
    Dataset<Row> reordered =
        SPARK.session().createDataFrame(shuffled, SilverTable.SCHEMA).repartition(7);

    Map<String, double[]> expected = collect(EventFeatures.withFeatures(inOrder));
    Map<String, double[]> actual = collect(EventFeatures.withFeatures(reordered));
    assertThat(actual).hasSameSizeAs(expected);
    expected.forEach((id, vector) -> assertThat(actual.get(id)).as(id).isEqualTo(vector));
  }

  /**
   * The batch-boundary property: the last day's events get the same features from the last day plus
   * {@link EventFeatures#LOOKBACK} of Silver as from all of it; and with less history they would
   * not, so the data does exercise the lookback.
   */
  @Test
  void aBatchWithTheLookbackGetsTheFeaturesOfTheFullHistory() {
    SilverEvents history = randomHistory(60, 4, 23L);
    Instant lastDayStart = SilverEvents.T0.plus(Duration.ofDays(3));
    FeatureWindow lastDay =
        FeatureWindow.ending(lastDayStart.plus(Duration.ofDays(1)), Duration.ofDays(1));
    // Events exactly at the edges of the window and of the lookback.
    long edge = lastDay.withLookback().start().toEpochMilli();
    history
        .addAt("edge-old", "edge-user", "es", "page_view", edge, 5, "GB")
        .addAt("edge-new", "edge-user", "es", "checkout", lastDayStart.toEpochMilli(), 50, "GB")
        .addAt("edge-before", "edge-user", "es", "page_view", edge - 1, 7, "GB");
    Dataset<Row> silver = history.toDataset(SPARK.session());

    Map<String, double[]> full =
        collect(EventFeatures.withFeatures(silver).where(lastDay.contains()));
    Map<String, double[]> batch = collect(EventFeatures.forWindow(silver, lastDay));

    assertThat(batch.keySet())
        .isEqualTo(full.keySet())
        .contains("edge-new")
        .hasSizeGreaterThan(300);
    full.forEach((id, vector) -> assertThat(batch.get(id)).as(id).isEqualTo(vector));

    // Half the lookback changes features of the day's first 12 hours: the property is not vacuous.
    FeatureWindow shortHistory =
        new FeatureWindow(
            lastDay.start().minus(EventFeatures.LOOKBACK.dividedBy(2)), lastDay.end());
    Map<String, double[]> truncated =
        collect(EventFeatures.withFeatures(shortHistory.select(silver)).where(lastDay.contains()));
    long differing =
        full.entrySet().stream()
            .filter(e -> !java.util.Arrays.equals(e.getValue(), truncated.get(e.getKey())))
            .count();
    assertThat(differing).isGreaterThan(10);
  }

  @Test
  void forWindowKeepsOnlyTheWindowsEvents() {
    Dataset<Row> silver =
        new SilverEvents()
            .add("before", "u1", "s1", "page_view", -1, 1, "GB")
            .add("first", "u1", "s1", "page_view", 0, 1, "GB")
            .add("last", "u1", "s1", "page_view", HOUR - 1, 1, "GB")
            .add("after", "u1", "s1", "page_view", HOUR, 1, "GB")
            .toDataset(SPARK.session());
    FeatureWindow window =
        FeatureWindow.ending(SilverEvents.T0.plusMillis(HOUR), Duration.ofHours(1));
    Map<String, double[]> features = collect(EventFeatures.forWindow(silver, window));
    assertThat(features).containsOnlyKeys("first", "last");
    // "before" lies outside the window but inside the lookback: it is the history of "first".
    assertThat(features.get("first")[6]).isEqualTo(Math.log1p(1));
  }

  @Test
  void vectorAndColumnIndicesReadTheFeaturesInOrder() {
    Dataset<Row> withFeatures =
        EventFeatures.withFeatures(
            new SilverEvents()
                .add("a", "u1", "s1", "page_view", 0, 9, "US")
                .add("b", "u1", "s1", "purchase", 2 * SECOND, 99, "US")
                .toDataset(SPARK.session()));
    StructType schema = withFeatures.schema();
    for (String name : EventFeatures.names()) {
      assertThat(schema.apply(name).dataType()).isEqualTo(DataTypes.DoubleType);
    }
    int[] indices = EventFeatures.columnIndices(schema);
    for (Row row : withFeatures.collectAsList()) {
      double[] vector = EventFeatures.vector(row);
      double[] block = new double[3 + vector.length];
      EventFeatures.copyInto(row, indices, block, 3);
      assertThat(java.util.Arrays.copyOfRange(block, 3, block.length)).isEqualTo(vector);
      for (int i = 0; i < vector.length; i++) {
        assertThat(vector[i])
            .isEqualTo(row.getDouble(row.fieldIndex(EventFeatures.names().get(i))));
      }
    }
  }

  @Test
  void missingOrMistypedInputColumnsAreNamed() {
    Dataset<Row> silver =
        new SilverEvents().add("a", "u1", "s1", "page_view", 0, 1, "GB").toDataset(SPARK.session());
    assertThatThrownBy(
            () ->
                EventFeatures.withFeatures(
                    silver
                        .drop(SilverTable.SESSION_ID)
                        .withColumn(
                            SilverTable.VALUE, silver.col(SilverTable.VALUE).cast("string"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "cannot compute event features: session_id is missing, value is string, expected"
                + " double");
    assertThatThrownBy(() -> EventFeatures.withFeatures(EventFeatures.withFeatures(silver)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("feature_log_value is already there");
    assertThatThrownBy(() -> EventFeatures.columnIndices(silver.schema()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "rows lack the feature columns as doubles: feature_log_value is missing");
  }

  /**
   * Users' events over {@code days} days from T0: sessions of a few events seconds apart, gaps of
   * minutes to more than a day, bursts 40-250 ms apart, tied timestamps, several countries.
   */
  static SilverEvents randomHistory(int users, int days, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    SilverEvents events = new SilverEvents();
    String[] countries = {"US", "DE", "JP", "IN", null};
    int id = 0;
    long end = days * DAY;
    for (int u = 0; u < users; u++) {
      String user = "user-" + u;
      String country = countries[u % countries.length];
      long time = random.nextLong(0, DAY);
      int session = 0;
      while (time < end) {
        String sessionId = user + "-s" + session++;
        int length = 1 + random.nextInt(6);
        boolean burst = random.nextInt(15) == 0;
        for (int e = 0; e < length && time < end; e++) {
          String type = EventFields.EVENT_TYPES.get(random.nextInt(EventFields.EVENT_TYPES.size()));
          double value =
              EventFields.MONEY_VALUED_EVENT_TYPES.contains(type)
                  ? Math.round(random.nextDouble(1, 300) * 100) / 100.0
                  : Math.round(random.nextDouble(0.1, 120) * 100) / 100.0;
          events.add(String.format("e%06d", id++), user, sessionId, type, time, value, country);
          if (random.nextInt(20) == 0) {
            // a tie: another event in the same millisecond
            events.add(
                String.format("e%06d", id++), user, sessionId, "click", time, value, country);
          }
          time += burst ? random.nextLong(40, 251) : random.nextLong(SECOND, 3 * MINUTE);
        }
        // the next session: minutes, hours, or more than a day later
        time +=
            switch (random.nextInt(4)) {
              case 0 -> random.nextLong(MINUTE, HOUR);
              case 1 -> random.nextLong(HOUR, 12 * HOUR);
              case 2 -> random.nextLong(12 * HOUR, 30 * HOUR);
              default -> random.nextLong(SECOND, 2 * MINUTE);
            };
      }
    }
    return events;
  }

  private static Map<String, double[]> features(SilverEvents events) {
    return collect(EventFeatures.withFeatures(events.toDataset(SPARK.session())));
  }

  /** event_id → feature vector. */
  private static Map<String, double[]> collect(Dataset<Row> withFeatures) {
    Map<String, double[]> byId = new HashMap<>();
    for (Row row : withFeatures.collectAsList()) {
      byId.put(row.getString(row.fieldIndex(SilverTable.EVENT_ID)), EventFeatures.vector(row));
    }
    return byId;
  }
}
