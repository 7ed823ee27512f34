package io.anomalypipe.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anomalypipe.common.schema.EventFields;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Live runs: each event's time is when it is sent, at the rate, on the wall clock. */
class LiveGenerationTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PrintStream NO_PROGRESS =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  private static final int PARTITIONS = 4;
  private static final int COUNT = 20_000;
  private static final String RATE = "2000";

  /** A European evening: most users awake. */
  private static final Instant START = Instant.parse("2026-01-01T19:00:00Z");

  private static final long LATE_BY = Duration.ofHours(6).toMillis();

  private static List<GeneratedRecord> records;

  @BeforeAll
  static void simulate() {
    records = TestConfigs.simulateLive(busyLiveConfig("0s"), PARTITIONS, START);
  }

  /** 20k records at 2,000/s (10 s) with higher injection rates than the defaults. */
  private static GeneratorConfig busyLiveConfig(String jitter) {
    return TestConfigs.liveConfig(
        RATE,
        "generator.count",
        String.valueOf(COUNT),
        "generator.seed",
        "7",
        "generator.live-jitter",
        jitter,
        "generator.duplicate-rate",
        "0.05",
        "generator.malformed-rate",
        "0.04",
        "generator.late-rate",
        "0.03",
        "generator.anomaly-rate",
        "0.04");
  }

  @Test
  void everyRecordHasASendTimeAndTheyComeInThatOrderFromTheStart() {
    assertThat(records).hasSize(COUNT);
    long previous = START.toEpochMilli();
    for (GeneratedRecord record : records) {
      assertThat(record.sendAt()).as("%s", record).isPresent();
      assertThat(record.sendAt().getAsLong()).as("%s", record).isGreaterThanOrEqualTo(previous);
      previous = record.sendAt().getAsLong();
    }
  }

  @Test
  void anEventIsSentAtItsTimeALateOneLateByAfterItsTime() {
    int late = 0;
    int anomalies = 0;
    for (GeneratedRecord record : records) {
      switch (record.kind()) {
        case VALID, ANOMALY -> {
          assertThat(record.sendAt().getAsLong()).as("%s", record).isEqualTo(timestamp(record));
          anomalies += record.kind() == RecordKind.ANOMALY ? 1 : 0;
        }
        case LATE -> {
          assertThat(record.sendAt().getAsLong() - timestamp(record))
              .as("%s", record)
              .isBetween(LATE_BY, LATE_BY + 1_000);
          late++;
        }
        default -> {}
      }
    }
    assertThat(late).isGreaterThan(COUNT / 50);
    assertThat(anomalies).isGreaterThan(COUNT / 50);
  }

  @Test
  void aDuplicateKeepsItsOriginalsTimeAndGoesOutAfterIt() {
    Map<String, GeneratedRecord> originals = new HashMap<>();
    int duplicates = 0;
    for (GeneratedRecord record : records) {
      if (record.kind() == RecordKind.DUPLICATE) {
        GeneratedRecord original = originals.get(record.eventId());
        assertThat(original).as("original of %s sent before it", record).isNotNull();
        assertThat(record.value()).isEqualTo(original.value());
        assertThat(record.sendAt().getAsLong())
            .isGreaterThanOrEqualTo(original.sendAt().getAsLong());
        duplicates++;
      } else if (record.eventId() != null && record.kind() != RecordKind.MALFORMED) {
        originals.put(record.eventId(), record);
      }
    }
    assertThat(duplicates).isGreaterThan(COUNT / 40);
  }

  @Test
  void theRateHoldsFromTheFirstSecondToTheLast() {
    TreeMap<Long, Integer> perSecond = new TreeMap<>();
    long lastOnTime = 0;
    for (GeneratedRecord record : records) {
      perSecond.merge((record.sendAt().getAsLong() - START.toEpochMilli()) / 1000, 1, Integer::sum);
      if (record.kind() == RecordKind.VALID) {
        lastOnTime = record.sendAt().getAsLong();
      }
    }
    long seconds = COUNT / Long.parseLong(RATE);
    // the last records may be a bot burst's, up to 7.5 s after its start
    assertThat(lastOnTime - START.toEpochMilli())
        .as("last on-time event")
        .isBetween(seconds * 750, seconds * 1250);
    for (long second = 0; second < seconds * 3 / 4; second++) {
      assertThat(perSecond.getOrDefault(second, 0))
          .as("records in second %d", second)
          .isBetween(1_400, 2_600);
    }
  }

  @Test
  void aBotBurstIsMergedByTimeWithTheOtherEvents() {
    Map<String, List<Long>> bursts = new LinkedHashMap<>();
    int interleaved = 0;
    String previousSession = null;
    for (GeneratedRecord record : records) {
      String session = null;
      if (AnomalyKind.BOT_BURST.name().equals(record.subkind())) {
        session = parse(record.value()).get(EventFields.SESSION_ID).textValue();
        List<Long> times = bursts.computeIfAbsent(session, s -> new ArrayList<>());
        if (!times.isEmpty() && !session.equals(previousSession)) {
          interleaved++;
        }
        times.add(timestamp(record));
      }
      previousSession = session;
    }
    assertThat(bursts).isNotEmpty();
    for (List<Long> burst : bursts.values()) {
      assertThat(burst).isSorted();
      assertThat(burst.size()).isBetween(AnomalyInjector.MIN_BURST, AnomalyInjector.MAX_BURST);
      assertThat(burst.get(burst.size() - 1) - burst.get(0)).isBetween(1L, 10_000L);
    }
    assertThat(interleaved).as("burst events with other records between them").isPositive();
  }

  @Test
  void theJitterDelaysEachSendByUpToItsLength() {
    List<GeneratedRecord> jittered =
        TestConfigs.simulateLive(busyLiveConfig("200ms"), PARTITIONS, START);

    long previous = Long.MIN_VALUE;
    long outOfEventTimeOrder = 0;
    List<Long> delays = new ArrayList<>();
    for (GeneratedRecord record : jittered) {
      assertThat(record.sendAt().getAsLong()).isGreaterThanOrEqualTo(previous);
      previous = record.sendAt().getAsLong();
      if (record.kind() == RecordKind.VALID || record.kind() == RecordKind.ANOMALY) {
        long delay = record.sendAt().getAsLong() - timestamp(record);
        assertThat(delay).as("%s", record).isBetween(0L, 200L);
        delays.add(delay);
      }
    }
    for (int i = 1; i < jittered.size(); i++) {
      if (jittered.get(i).kind() == RecordKind.VALID
          && jittered.get(i - 1).kind() == RecordKind.VALID
          && timestamp(jittered.get(i)) < timestamp(jittered.get(i - 1))) {
        outOfEventTimeOrder++;
      }
    }
    double meanDelay = delays.stream().mapToLong(Long::longValue).average().orElseThrow();
    assertThat(meanDelay).as("uniform over 0-200 ms").isBetween(80.0, 120.0);
    assertThat(outOfEventTimeOrder).as("sends reordered by the jitter").isGreaterThan(COUNT / 10);
    assertThat(jittered.stream().map(r -> new String(r.value(), StandardCharsets.ISO_8859_1)))
        .as("the jitter moves the sends, not the events")
        .containsExactlyInAnyOrderElementsOf(
            records.stream().map(r -> new String(r.value(), StandardCharsets.ISO_8859_1)).toList());
  }

  @Test
  void sameSeedAndStartGiveTheSameRecordsAnotherStartOthers() {
    assertThat(TestConfigs.simulateLive(busyLiveConfig("0s"), PARTITIONS, START))
        .isEqualTo(records);
    assertThat(
            TestConfigs.simulateLive(
                busyLiveConfig("0s"), PARTITIONS, START.plus(Duration.ofMinutes(1))))
        .isNotEqualTo(records);
  }

  @Test
  void theDiurnalRhythmFollowsTheWallClock() {
    // a modest rate: the ten minutes simulated before a live run's start cost rate x 600 events
    GeneratorConfig config = TestConfigs.liveConfig("200", "generator.count", "3000");
    // 04:00 in Europe, 08:30 in India, 12:00 in Japan, 22:00 on the US east coast
    double europeAtNight =
        europeanShare(TestConfigs.simulateLive(config, 1, Instant.parse("2026-01-01T03:00:00Z")));
    // 20:00 in Europe
    double europeInTheEvening =
        europeanShare(TestConfigs.simulateLive(config, 1, Instant.parse("2026-01-01T19:00:00Z")));

    assertThat(europeInTheEvening).isGreaterThan(0.4);
    assertThat(europeAtNight).isLessThan(europeInTheEvening / 3);
  }

  @Test
  void aWindowConfigIsNotLiveAndALiveOneHasNoWindow() {
    GeneratorConfig window = TestConfigs.config("generator.count", "10");
    GeneratorConfig live = TestConfigs.liveConfig(RATE, "generator.count", "10");

    assertThat(TestConfigs.simulate(window, 1)).allSatisfy(r -> assertThat(r.sendAt()).isEmpty());
    assertThatThrownBy(() -> ClickstreamSimulator.live(window, 1, START))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a live config");
    assertThatThrownBy(() -> new ClickstreamSimulator(live, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ClickstreamSimulator.live");
  }

  @Test
  void theGeneratorSendsEachRecordAtItsSendTimeOnTheWallClock() {
    SimulatedWallClock clock = new SimulatedWallClock(START.toEpochMilli());
    List<Long> sendTimes = Collections.synchronizedList(new ArrayList<>());
    InMemoryRecordSink sink = new InMemoryRecordSink(PARTITIONS);

    GenerationSummary summary =
        EventGenerator.run(
            busyLiveConfig("0s"),
            timestamping(sink, clock::millis, sendTimes),
            sent -> {},
            NO_PROGRESS,
            clock);

    List<GeneratedRecord> expected = new ArrayList<>();
    EventGenerator.liveSimulation(
            busyLiveConfig("0s"), PARTITIONS, new SimulatedWallClock(START.toEpochMilli()))
        .forEachRemaining(expected::add);
    assertThat(summary.acknowledged()).isEqualTo(COUNT);
    assertThat(expected).hasSize(COUNT);
    for (int i = 0; i < COUNT; i++) {
      assertThat(sendTimes.get(i))
          .as("send time of record %d", i)
          .isEqualTo(expected.get(i).sendAt().getAsLong());
      assertThat(sink.stored().get(i).value()).isEqualTo(expected.get(i).value());
    }
  }

  @Test
  void aLiveRunStartsAheadOfTheClockByWhatSimulatingTheSessionsBeforeItTakes() {
    GeneratorConfig config = busyLiveConfig("0s");
    long now = START.toEpochMilli();

    long standing =
        EventGenerator.liveSimulation(config, PARTITIONS, new SimulatedWallClock(now))
            .next()
            .sendAt()
            .getAsLong();
    // a clock that moves on 3 s whenever it is read: the first starts are past when built
    long[] lastRead = {now};
    WallClock slow =
        new WallClock() {
          @Override
          public long millis() {
            lastRead[0] += 3_000;
            return lastRead[0];
          }

          @Override
          public void awaitMillis(long epochMillis) {}
        };
    long ahead =
        EventGenerator.liveSimulation(config, PARTITIONS, slow).next().sendAt().getAsLong();

    assertThat(standing - now).as("the lead at 2,000 records/s").isBetween(1_000L, 10_000L);
    assertThat(ahead).as("first send after the clock's last reading").isGreaterThan(lastRead[0]);
    assertThat(lastRead[0] - now).as("more than one start tried").isGreaterThan(6_000);
  }

  @Test
  void aLiveRunOnTheSystemClockSendsEventsWithinAFewMillisecondsOfTheirTime() {
    GeneratorConfig config =
        TestConfigs.liveConfig("2000", "generator.count", "1000", "generator.anomaly-rate", "0");
    List<Long> sendTimes = Collections.synchronizedList(new ArrayList<>());
    InMemoryRecordSink sink = new InMemoryRecordSink(PARTITIONS);
    long started = System.currentTimeMillis();

    EventGenerator.run(
        config, timestamping(sink, System::currentTimeMillis, sendTimes), sent -> {}, NO_PROGRESS);

    long ended = System.currentTimeMillis();
    assertThat(ended - started).as("paced: ~0.5 s of events").isGreaterThan(300);
    for (int i = 0; i < sendTimes.size(); i++) {
      SentRecord sent = sink.stored().get(i);
      if (sent.kind() == RecordKind.VALID) {
        long lag = sendTimes.get(i) - parse(sent.value()).get(EventFields.TIMESTAMP).longValue();
        assertThat(lag).as("send time - event time of %s", sent).isBetween(0L, 1_000L);
      }
    }
    assertThat(sendTimes.get(0)).isGreaterThanOrEqualTo(started);
  }

  // --- helpers ---

  /** The sink, recording the clock's time as each record is handed to it (Kafka's CreateTime). */
  private static RecordSink timestamping(
      InMemoryRecordSink sink, LongSupplier clock, List<Long> sendTimes) {
    return new RecordSink() {
      @Override
      public String topic() {
        return sink.topic();
      }

      @Override
      public int partitionCount() {
        return sink.partitionCount();
      }

      @Override
      public void send(GeneratedRecord record, SendListener listener) {
        sendTimes.add(clock.getAsLong());
        sink.send(record, listener);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
  }

  private static double europeanShare(List<GeneratedRecord> simulated) {
    List<String> europe = List.of("GB", "DE", "FR", "ES", "IT", "PL");
    List<GeneratedRecord> valid =
        simulated.stream().filter(r -> r.kind() == RecordKind.VALID).toList();
    long european =
        valid.stream()
            .filter(r -> europe.contains(parse(r.value()).get(EventFields.COUNTRY).textValue()))
            .count();
    return (double) european / valid.size();
  }

  private static long timestamp(GeneratedRecord record) {
    return parse(record.value()).get(EventFields.TIMESTAMP).longValue();
  }

  private static JsonNode parse(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
