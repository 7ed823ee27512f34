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
 * @param startTime event time of the first simulated event; "now" is resolved once, here
 * @param rate records per second; 0 = as fast as the broker takes them
 */
public record GeneratorConfig(
    KafkaConnection kafka,
    long count,
    double rate,
    int users,
    int partitions,
    long seed,
    Instant startTime,
    Duration simulatedSpan,
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

  /** Reads and validates; {@code clock} resolves {@code start-time = "now"}. */
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
    return new GeneratorConfig(
        kafka,
        generator.longAtLeast("count", 1),
        generator.doubleInRange("rate", 0, 10_000_000),
        generator.intInRange("users", 1, 10_000_000),
        generator.intInRange("partitions", 1, 10_000),
        generator.longAtLeast("seed", Long.MIN_VALUE),
        startTime(generator, clock),
        simulatedSpan,
        duplicateRate,
        malformedRate,
        lateRate,
        anomalyRate,
        generator.positiveDuration("late-by"),
        generator.optionalString("ground-truth-path").map(Path::of),
        generator.optionalString("manifest-path").map(Path::of),
        inputFile(generator),
        generator.positiveDuration("progress-interval"));
  }

  /** Whether the run replays {@link #inputFile} instead of simulating. */
  public boolean replay() {
    return inputFile.isPresent();
  }

  private static Instant startTime(ConfigReader generator, Clock clock) {
    String text = generator.nonBlankString("start-time").strip();
    if (text.equalsIgnoreCase("now")) {
      return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
    try {
      return Instant.parse(text).truncatedTo(ChronoUnit.MILLIS);
    } catch (DateTimeParseException e) {
      throw new InvalidConfigException(
          generator.fullKey("start-time"),
          text,
          "expected an ISO-8601 instant such as 2026-01-01T00:00:00Z, or \"now\"");
    }
  }

  private static Optional<Path> inputFile(ConfigReader generator) {
    Optional<Path> file = generator.optionalString("input-file").map(Path::of);
    if (file.isPresent() && !Files.isRegularFile(file.get())) {
      throw new InvalidConfigException(generator.fullKey("input-file"), file.get(), "no such file");
    }
    return file;
  }
}
