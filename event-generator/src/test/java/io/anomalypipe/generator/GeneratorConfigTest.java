package io.anomalypipe.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.anomalypipe.common.config.CommandLine;
import io.anomalypipe.common.config.ConfigReader;
import io.anomalypipe.common.config.InvalidConfigException;
import io.anomalypipe.common.config.PipelineConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorConfigTest {

  @Test
  void readsTheDefaults() {
    GeneratorConfig config = TestConfigs.config();

    assertThat(config.count()).isEqualTo(10_000);
    assertThat(config.rate()).isZero();
    assertThat(config.users()).isEqualTo(500);
    assertThat(config.partitions()).isEqualTo(4);
    assertThat(config.seed()).isEqualTo(42);
    assertThat(config.timeline()).isEqualTo(new Timeline.From(Instant.parse(TestConfigs.START)));
    assertThat(config.simulatedSpan()).isEqualTo(Duration.ofDays(1));
    assertThat(config.liveJitter()).isZero();
    assertThat(config.live()).isFalse();
    assertThat(config.duplicateRate()).isEqualTo(0.02);
    assertThat(config.malformedRate()).isEqualTo(0.01);
    assertThat(config.lateRate()).isEqualTo(0.01);
    assertThat(config.anomalyRate()).isEqualTo(0.01);
    assertThat(config.lateBy()).isEqualTo(Duration.ofHours(6));
    assertThat(config.groundTruthPath()).isEmpty();
    assertThat(config.manifestPath()).isEmpty();
    assertThat(config.inputFile()).isEmpty();
    assertThat(config.replay()).isFalse();
    assertThat(config.progressInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.kafka().topic()).isEqualTo("clickstream-events");
  }

  @Test
  void readsOverrides(@TempDir Path dir) throws Exception {
    Path input = Files.writeString(dir.resolve("in.jsonl"), "{}\n");
    GeneratorConfig config =
        TestConfigs.config(
            "generator.count", "123",
            "generator.rate", "2500.5",
            "generator.seed", "-9",
            "generator.simulated-span", "2h",
            "generator.late-by", "90m",
            "generator.manifest-path", dir.resolve("m.jsonl").toString(),
            "generator.ground-truth-path", dir.resolve("t.jsonl").toString(),
            "generator.input-file", input.toString(),
            "kafka.bootstrap-servers", "broker:9093",
            "kafka.topic", "other");

    assertThat(config.count()).isEqualTo(123);
    assertThat(config.rate()).isEqualTo(2500.5);
    assertThat(config.seed()).isEqualTo(-9);
    assertThat(config.simulatedSpan()).isEqualTo(Duration.ofHours(2));
    assertThat(config.lateBy()).isEqualTo(Duration.ofMinutes(90));
    assertThat(config.manifestPath()).contains(dir.resolve("m.jsonl"));
    assertThat(config.groundTruthPath()).contains(dir.resolve("t.jsonl"));
    assertThat(config.inputFile()).contains(input);
    assertThat(config.replay()).isTrue();
    assertThat(config.kafka().bootstrapServers()).isEqualTo("broker:9093");
    assertThat(config.kafka().topic()).isEqualTo("other");
  }

  @Test
  void startTimeNowIsTheClockTruncatedToMillis() {
    Instant now = Instant.parse("2026-05-06T07:08:09.123456Z");
    ConfigReader reader =
        ConfigReader.of(
            PipelineConfigLoader.load(
                CommandLine.parse(
                    "--generator.count", "5",
                    "--generator.start-time", "now",
                    "--generator.simulated-span", "1h")));

    GeneratorConfig config = GeneratorConfig.fromConfig(reader, Clock.fixed(now, ZoneOffset.UTC));

    assertThat(config.timeline())
        .isEqualTo(new Timeline.From(Instant.parse("2026-05-06T07:08:09.123Z")));
  }

  @Test
  void byDefaultTheWindowEndsNow() {
    Instant now = Instant.parse("2026-05-06T07:08:09.123Z");

    GeneratorConfig config = atClock(now, "--generator.count", "5");

    assertThat(config.live()).isFalse();
    assertThat(config.timeline()).isEqualTo(new Timeline.EndingAt(now));
    assertThat(config.eventSpan()).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void aRateWithStartTimeAutoIsLiveOverCountByRateSeconds() {
    GeneratorConfig config =
        atClock(
            Instant.parse("2026-05-06T07:08:09Z"),
            "--generator.rate",
            "2000",
            "--generator.count",
            "240000",
            "--generator.live-jitter",
            "200ms");

    assertThat(config.live()).isTrue();
    assertThat(config.timeline()).isEqualTo(new Timeline.Live());
    assertThat(config.eventSpan()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.liveJitter()).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void anExplicitStartTimeWinsOverLiveAndIsSentAtTheRate() {
    GeneratorConfig config =
        atClock(
            Instant.parse("2026-05-06T07:08:09Z"),
            "--generator.rate",
            "2000",
            "--generator.start-time",
            "2026-05-01T00:00:00Z");

    assertThat(config.live()).isFalse();
    assertThat(config.timeline())
        .isEqualTo(new Timeline.From(Instant.parse("2026-05-01T00:00:00Z")));
    assertThat(config.rate()).isEqualTo(2000);
    assertThat(TestConfigs.simulate(config, 2)).allSatisfy(r -> assertThat(r.sendAt()).isEmpty());
  }

  @Test
  void aWindowEndingMoreThanSilversClockSkewAfterNowIsRefusedNamingTheKeys() {
    Instant now = Instant.parse("2026-05-06T12:00:00Z");

    assertThatThrownBy(() -> atClock(now, "--generator.start-time", "now"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("pipeline.generator.start-time (2026-05-06T12:00:00Z)")
        .hasMessageContaining("pipeline.generator.simulated-span (1d)")
        .hasMessageContaining("ends the events at 2026-05-07T12:00:00Z")
        .hasMessageContaining("pipeline.silver.max-clock-skew (1h)")
        .hasMessageContaining("event_time_in_future");
    assertThatThrownBy(
            () ->
                atClock(
                    now,
                    "--generator.start-time",
                    "2026-05-06T10:00:00Z",
                    "--generator.simulated-span",
                    "10801s"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("pipeline.generator.simulated-span (10801s)");
    // ending exactly the skew after now is still accepted, and Silver's skew is read as set
    assertThat(
            atClock(
                    now,
                    "--generator.start-time",
                    "2026-05-06T10:00:00Z",
                    "--generator.simulated-span",
                    "3h")
                .timeline())
        .isEqualTo(new Timeline.From(Instant.parse("2026-05-06T10:00:00Z")));
    assertThat(
            atClock(now, "--generator.start-time", "now", "--silver.max-clock-skew", "1d")
                .timeline())
        .isEqualTo(new Timeline.From(now));
  }

  @Test
  void defaultsThatWouldSendEventsOlderThanSilversMaxAgeAreRefused() {
    Instant now = Instant.parse("2026-05-06T12:00:00Z");

    assertThatThrownBy(() -> atClock(now, "--generator.simulated-span", "24d"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("pipeline.generator.simulated-span (24d) and a quarter")
        .hasMessageContaining("pipeline.generator.late-by (6h)")
        .hasMessageContaining("pipeline.silver.max-event-age (30d)")
        .hasMessageContaining("event_time_too_old");
    // 23 days and a quarter, 28.75 days, and 6 h: within 30 days
    assertThat(atClock(now, "--generator.simulated-span", "23d").timeline())
        .isEqualTo(new Timeline.EndingAt(now));
    assertThatThrownBy(
            () ->
                atClock(
                    now,
                    "--generator.rate",
                    "10",
                    "--generator.late-by",
                    "2591999s",
                    "--generator.live-jitter",
                    "2s"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("pipeline.generator.late-by (2591999s)")
        .hasMessageContaining("pipeline.generator.live-jitter (2s)")
        .hasMessageContaining("pipeline.silver.max-event-age (30d)");
    // an explicit start is taken as given: history for Bronze alone
    assertThat(atClock(now, "--generator.start-time", "2026-01-01T00:00:00Z").timeline())
        .isEqualTo(new Timeline.From(Instant.parse("2026-01-01T00:00:00Z")));
  }

  @Test
  void aNegativeLiveJitterNamesKeyAndValue() {
    assertThatThrownBy(() -> TestConfigs.config("generator.live-jitter", "-1s"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("pipeline.generator.live-jitter")
        .hasMessageContaining("must not be negative");
  }

  private static GeneratorConfig atClock(Instant now, String... args) {
    ConfigReader reader = ConfigReader.of(PipelineConfigLoader.load(CommandLine.parse(args)));
    return GeneratorConfig.fromConfig(reader, Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void aRateOutsideZeroToOneNamesKeyAndValue() {
    assertThatThrownBy(() -> TestConfigs.config("generator.duplicate-rate", "2"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("pipeline.generator.duplicate-rate")
        .hasMessageContaining("= '2");
    assertThatThrownBy(() -> TestConfigs.config("generator.anomaly-rate", "-0.1"))
        .hasMessageContaining("pipeline.generator.anomaly-rate")
        .hasMessageContaining("-0.1");
    assertThatThrownBy(() -> TestConfigs.config("generator.late-rate", "often"))
        .hasMessageContaining("pipeline.generator.late-rate")
        .hasMessageContaining("often");
  }

  @Test
  void ratesSummingOverAHalfNameEveryRate() {
    assertThatThrownBy(
            () ->
                TestConfigs.config(
                    "generator.duplicate-rate", "0.2",
                    "generator.malformed-rate", "0.2",
                    "generator.late-rate", "0.1",
                    "generator.anomaly-rate", "0.05"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("pipeline.generator.duplicate-rate (0.2)")
        .hasMessageContaining("pipeline.generator.malformed-rate (0.2)")
        .hasMessageContaining("pipeline.generator.late-rate (0.1)")
        .hasMessageContaining("pipeline.generator.anomaly-rate (0.05)")
        .hasMessageContaining("at most 0.5");
    assertThat(
            TestConfigs.config(
                    "generator.duplicate-rate", "0.2",
                    "generator.malformed-rate", "0.2",
                    "generator.late-rate", "0.1",
                    "generator.anomaly-rate", "0")
                .duplicateRate())
        .isEqualTo(0.2);
  }

  @Test
  void aBadStartTimeNamesKeyAndValue() {
    assertThatThrownBy(() -> TestConfigs.config("generator.start-time", "yesterday"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("pipeline.generator.start-time")
        .hasMessageContaining("yesterday")
        .hasMessageContaining("\"auto\", \"now\" or an ISO-8601 instant");
  }

  @Test
  void aMissingInputFileNamesKeyAndPath(@TempDir Path dir) {
    Path missing = dir.resolve("nope.jsonl");
    assertThatThrownBy(() -> TestConfigs.config("generator.input-file", missing.toString()))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("pipeline.generator.input-file")
        .hasMessageContaining(missing.toString());
  }

  @Test
  void countsSpansAndSizesAreChecked() {
    assertThatThrownBy(() -> TestConfigs.config("generator.count", "0"))
        .hasMessageContaining("pipeline.generator.count")
        .hasMessageContaining("'0'");
    assertThatThrownBy(() -> TestConfigs.config("generator.users", "0"))
        .hasMessageContaining("pipeline.generator.users");
    assertThatThrownBy(() -> TestConfigs.config("generator.partitions", "0"))
        .hasMessageContaining("pipeline.generator.partitions");
    assertThatThrownBy(() -> TestConfigs.config("generator.rate", "-1"))
        .hasMessageContaining("pipeline.generator.rate");
    assertThatThrownBy(() -> TestConfigs.config("generator.simulated-span", "500ms"))
        .hasMessageContaining("pipeline.generator.simulated-span")
        .hasMessageContaining("at least 1s");
    assertThatThrownBy(() -> TestConfigs.config("generator.late-by", "0s"))
        .hasMessageContaining("pipeline.generator.late-by");
    assertThatThrownBy(() -> TestConfigs.config("kafka.bootstrap-servers", "nohost"))
        .hasMessageContaining("pipeline.kafka.bootstrap-servers")
        .hasMessageContaining("nohost");
  }
}
