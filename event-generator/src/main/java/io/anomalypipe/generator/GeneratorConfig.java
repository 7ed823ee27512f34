package io.anomalypipe.generator;

import io.anomalypipe.common.config.CommandLine;
import io.anomalypipe.common.config.ConfigReader;
import io.anomalypipe.common.config.InvalidConfigException;
import io.anomalypipe.common.config.KafkaConnection;
import io.anomalypipe.common.config.PipelineConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * The settings of one generator run: the {@code pipeline.generator} and {@code pipeline.kafka}
 * sections, read and validated once (see {@code conf/application.conf} for each key's meaning).
 *
 * <p>A run is either <em>live</em> or a <em>window</em> ({@link Timeline}). Live ({@code start-time
 * = auto} with a rate): the events happen as they are sent, each event's time is its send time (up
 * to {@code live-jitter} before it), over {@code count / rate} seconds of wall clock. Window (no
 * rate, or an explicit start-time): the events spread over {@code simulated-span}, by default the
 * span that ends now. Either way every event must be valid where it is sent: a window ending more
 * than Silver's {@code max-clock-skew} after now, or defaults that would make events older than
 * Silver's {@code max-event-age}, are refused here, naming the keys.
 *
 * @param rate records per second; 0 = as fast as the broker takes them
 * @param timeline when the events happen; "now" (in "auto" and "now") is resolved once, here
 * @param simulatedSpan event time a window run spreads over; a live run spans {@code count / rate}
 * @param liveJitter a live run sends each record up to this long after its event time
 */
public record GeneratorConfig(
    KafkaConnection kafka,
    long count,
    double rate,
    int users,
    int partitions,
    long seed,
    Timeline timeline,
    Duration simulatedSpan,
    Duration liveJitter,
    double duplicateRate,
    double malformedRate,
    double lateRate,
    double anomalyRate,
    Duration lateBy,
    Optional<Path> groundTruthPath,
    Optional<Path> manifestPath,
    Optional<Path> inputFile,
    Duration progressInterval) {

  /** Upper bound of the sum of the four injection rates. */
  public static final double MAX_INJECTED_RATE = 0.5;

  /** Reads the config from command-line arguments, as {@code bin/generate} takes them. */
  public static GeneratorConfig fromArgs(String... args) {
    return fromConfig(ConfigReader.of(PipelineConfigLoader.load(CommandLine.parse(args))));
  }

  public static GeneratorConfig fromConfig(ConfigReader pipeline) {
    return fromConfig(pipeline, Clock.systemUTC());
  }

  /**
   * Reads and validates; {@code clock} is "now" for {@code start-time} and for the check that the
   * events will be valid when sent.
   */
  public static GeneratorConfig fromConfig(ConfigReader pipeline, Clock clock) {
    KafkaConnection kafka = KafkaConnection.fromConfig(pipeline);
    ConfigReader generator = pipeline.section("generator");
    double duplicateRate = generator.doubleInRange("duplicate-rate", 0, 1);
    double malformedRate = generator.doubleInRange("malformed-rate", 0, 1);
    double lateRate = generator.doubleInRange("late-rate", 0, 1);
    double anomalyRate = generator.doubleInRange("anomaly-rate", 0, 1);
    double injected = duplicateRate + malformedRate + lateRate + anomalyRate;
    if (injected > MAX_INJECTED_RATE + 1e-9) {
      throw InvalidConfigException.withMessage(
          generator.fullKey("duplicate-rate"),
          String.format(
              Locale.ROOT,
              "Invalid config: %s (%s) + %s (%s) + %s (%s) + %s (%s) = %s: the injected share"
                  + " of records must be at most %s",
              generator.fullKey("duplicate-rate"),
              duplicateRate,
              generator.fullKey("malformed-rate"),
              malformedRate,
              generator.fullKey("late-rate"),
              lateRate,
              generator.fullKey("anomaly-rate"),
              anomalyRate,
              injected,
              MAX_INJECTED_RATE));
    }
    Duration simulatedSpan = generator.positiveDuration("simulated-span");
    if (simulatedSpan.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new InvalidConfigException(
          generator.fullKey("simulated-span"), simulatedSpan, "must be at least 1s");
    }
    double rate = generator.doubleInRange("rate", 0, 10_000_000);
    Duration lateBy = generator.positiveDuration("late-by");
    Duration liveJitter = generator.nonNegativeDuration("live-jitter");
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Timeline timeline = timeline(generator, rate, now);
    Optional<Path> inputFile = inputFile(generator);
    if (inputFile.isEmpty()) {
      SilverLimits silver = SilverLimits.read(pipeline);
      if (timeline instanceof Timeline.From from) {
        silver.checkFrom(generator, from.start(), simulatedSpan, now);
      } else if (timeline instanceof Timeline.EndingAt) {
        silver.checkEndingNow(generator, simulatedSpan, lateBy);
      } else {
        silver.checkLive(generator, lateBy, liveJitter);
      }
    }
    return new GeneratorConfig(
        kafka,
        generator.longAtLeast("count", 1),
        rate,
        generator.intInRange("users", 1, 10_000_000),
        generator.intInRange("partitions", 1, 10_000),
        generator.longAtLeast("seed", Long.MIN_VALUE),
        timeline,
        simulatedSpan,
        liveJitter,
        duplicateRate,
        malformedRate,
        lateRate,
        anomalyRate,
        lateBy,
        generator.optionalString("ground-truth-path").map(Path::of),
        generator.optionalString("manifest-path").map(Path::of),
        inputFile,
        generator.positiveDuration("progress-interval"));
  }

  /** Whether the run replays {@link #inputFile} instead of simulating. */
  public boolean replay() {
    return inputFile.isPresent();
  }

  /** Whether the run is live: simulated events whose time is when they are sent. */
  public boolean live() {
    return !replay() && timeline instanceof Timeline.Live;
  }

  /**
   * The event time the simulated events spread over: {@code simulated-span} for a window, {@code
   * count / rate} for a live run (at least a millisecond).
   */
  public Duration eventSpan() {
    if (!live()) {
      return simulatedSpan;
    }
    double millis = count * 1000.0 / rate;
    return Duration.ofMillis((long) Math.max(1, Math.min(millis, Long.MAX_VALUE / 2.0)));
  }

  /**
   * "auto": live with a rate, else the window that ends now; "now": the window that starts now;
   * else the window from an ISO-8601 instant.
   */
  private static Timeline timeline(ConfigReader generator, double rate, Instant now) {
    String text = generator.nonBlankString("start-time").strip();
    if (text.equalsIgnoreCase("auto")) {
      return rate > 0 ? new Timeline.Live() : new Timeline.EndingAt(now);
    }
    if (text.equalsIgnoreCase("now")) {
      return new Timeline.From(now);
    }
    try {
      return new Timeline.From(Instant.parse(text).truncatedTo(ChronoUnit.MILLIS));
    } catch (DateTimeParseException e) {
      throw new InvalidConfigException(
          generator.fullKey("start-time"),
          text,
          "expected \"auto\", \"now\" or an ISO-8601 instant such as 2026-01-01T00:00:00Z");
    }
  }

  private static Optional<Path> inputFile(ConfigReader generator) {
    Optional<Path> file = generator.optionalString("input-file").map(Path::of);
    if (file.isPresent() && !Files.isRegularFile(file.get())) {
      throw new InvalidConfigException(generator.fullKey("input-file"), file.get(), "no such file");
    }
    return file;
  }

  /**
   * Silver's bounds on an event time around its Kafka timestamp ({@code pipeline.silver}), which
   * the generated events must keep to: what Silver quarantines was not sent as valid.
   */
  private record SilverLimits(ConfigReader silver, Duration maxEventAge, Duration maxClockSkew) {

    static SilverLimits read(ConfigReader pipeline) {
      ConfigReader silver = pipeline.section("silver");
      return new SilverLimits(
          silver,
          silver.positiveDuration("max-event-age"),
          silver.positiveDuration("max-clock-skew"));
    }

    /**
     * A window from a start is sent about now: it must not end more than the skew ahead. (Its last
     * events fall about at its end, the session process being random: within 2% of the span for
     * 100,000 records, 5% for 10,000.) An explicit start-time in the past is taken as given:
     * history sent for Bronze alone is a use, and Silver's report names what it quarantined.
     */
    void checkFrom(ConfigReader generator, Instant start, Duration span, Instant now) {
      Instant end = start.plus(span);
      if (end.isAfter(now.plus(maxClockSkew))) {
        throw InvalidConfigException.withMessage(
            generator.fullKey("start-time"),
            String.format(
                Locale.ROOT,
                "Invalid config: %s (%s) + %s (%s) ends the events at %s, more than %s (%s)"
                    + " after now (%s): Silver would quarantine them as event_time_in_future."
                    + " Leave %s at \"auto\" (the span ending now), start earlier or shorten"
                    + " the span",
                generator.fullKey("start-time"),
                start,
                generator.fullKey("simulated-span"),
                generator.string("simulated-span"),
                end,
                silver.fullKey("max-clock-skew"),
                silver.string("max-clock-skew"),
                now,
                generator.fullKey("start-time")));
      }
    }

    /**
     * The window ending now starts about a span ago: its first record is one the sessions made from
     * a quarter span before that (see {@link SimulationPlan}). So a span and a quarter, and the
     * late events behind it, must not be older than the age.
     */
    void checkEndingNow(ConfigReader generator, Duration span, Duration lateBy) {
      Duration reach = span.plus(span.dividedBy(SimulationPlan.EXTRA_SPAN_PARTS));
      if (reach.plus(lateBy).compareTo(maxEventAge) > 0) {
        throw InvalidConfigException.withMessage(
            generator.fullKey("simulated-span"),
            String.format(
                Locale.ROOT,
                "Invalid config: %s (%s) and a quarter + %s (%s) is more than %s (%s): with %s"
                    + " \"auto\" the span ends now and starts about a span ago, its sessions"
                    + " up to a quarter span earlier, so its first events and the late events"
                    + " behind them could be quarantined as event_time_too_old",
                generator.fullKey("simulated-span"),
                generator.string("simulated-span"),
                generator.fullKey("late-by"),
                generator.string("late-by"),
                silver.fullKey("max-event-age"),
                silver.string("max-event-age"),
                generator.fullKey("start-time")));
      }
    }

    /** Live events are sent at their time; only the late ones, and the jitter, make them older. */
    void checkLive(ConfigReader generator, Duration lateBy, Duration liveJitter) {
      if (lateBy.plus(liveJitter).compareTo(maxEventAge) > 0) {
        throw InvalidConfigException.withMessage(
            generator.fullKey("late-by"),
            String.format(
                Locale.ROOT,
                "Invalid config: %s (%s) + %s (%s) is more than %s (%s): the late events of a"
                    + " live run would be quarantined as event_time_too_old",
                generator.fullKey("late-by"),
                generator.string("late-by"),
                generator.fullKey("live-jitter"),
                generator.string("live-jitter"),
                silver.fullKey("max-event-age"),
                silver.string("max-event-age")));
      }
    }
  }
}
