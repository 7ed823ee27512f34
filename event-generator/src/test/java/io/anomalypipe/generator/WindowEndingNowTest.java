package io.anomalypipe.generator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.anomalypipe.common.schema.EventFields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The default window (start-time auto, no rate): the span that ends now, exactly. */
class WindowEndingNowTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-05-06T12:34:56.789Z");
  private static final long END = NOW.toEpochMilli();
  private static final long DAY = Duration.ofDays(1).toMillis();

  /** How far a bot burst's last event lies after its first, at most. */
  private static final long BURST_LEAD =
      AnomalyInjector.MAX_BURST * AnomalyInjector.MAX_BURST_GAP_MILLIS;

  /**
   * From a start, the last of 1,000 records fell between 4 h before and 5.5 h after the span's end
   * (20 seeds); ending now, none may be after it.
   */
  @ParameterizedTest(name = "{0} records, seed {1}")
  @CsvSource({
    "1, 1",
    "10, 2",
    "1000, 3",
    "1000, 4",
    "1000, 5",
    "1000, 6",
    "10000, 7",
    "10000, 8",
    "30000, 9"
  })
  void noEventIsAfterNowAndTheLastComeUpToIt(int count, long seed) {
    List<GeneratedRecord> records = simulate(count, seed);

    assertThat(records).hasSize(count);
    long lastOnTime = Long.MIN_VALUE;
    long firstOnTime = Long.MAX_VALUE;
    for (GeneratedRecord record : records) {
      if (record.kind() == RecordKind.MALFORMED) {
        continue;
      }
      long time = timestamp(record);
      if (AnomalyKind.BOT_BURST.name().equals(record.subkind())) {
        assertThat(time).as("%s", record).isLessThanOrEqualTo(END + BURST_LEAD);
      } else {
        assertThat(time).as("%s", record).isLessThanOrEqualTo(END);
      }
      if (record.kind() == RecordKind.VALID) {
        lastOnTime = Math.max(lastOnTime, time);
        firstOnTime = Math.min(firstOnTime, time);
      }
    }
    if (count >= 1000) {
      // the sessions' rate puts count records in a day: the window is about the last day
      assertThat(END - lastOnTime).as("last on-time event before now").isLessThan(DAY / 50);
      assertThat(END - firstOnTime)
          .as("first on-time event before now")
          .isBetween(DAY * 3 / 4, DAY * 5 / 4);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @CsvSource({"11", "12"})
  void everyDuplicateRepeatsARecordSentBeforeIt(long seed) {
    List<GeneratedRecord> records = simulate(3000, seed);

    Set<String> sent = new HashSet<>();
    int duplicates = 0;
    for (GeneratedRecord record : records) {
      if (record.kind() == RecordKind.DUPLICATE) {
        assertThat(sent).as("original of %s", record).contains(record.eventId());
        duplicates++;
      } else if (record.kind() != RecordKind.MALFORMED) {
        assertThat(sent.add(record.eventId())).as("%s sent once", record).isTrue();
      }
    }
    assertThat(duplicates).isPositive();
  }

  @ParameterizedTest(name = "seed {0}")
  @CsvSource({"13"})
  void theSameClockAndSeedGiveTheSameRecords(long seed) {
    assertThat(simulate(2000, seed)).isEqualTo(simulate(2000, seed)).hasSize(2000);
  }

  private static List<GeneratedRecord> simulate(int count, long seed) {
    GeneratorConfig config =
        TestConfigs.configAt(
            NOW,
            "generator.count",
            String.valueOf(count),
            "generator.seed",
            String.valueOf(seed),
            "generator.duplicate-rate",
            "0.05",
            "generator.anomaly-rate",
            "0.04");
    assertThat(config.timeline()).isEqualTo(new Timeline.EndingAt(NOW));
    return TestConfigs.simulate(config, 4);
  }

  private static long timestamp(GeneratedRecord record) {
    try {
      return JSON.readTree(record.value()).get(EventFields.TIMESTAMP).longValue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
