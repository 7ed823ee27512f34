package io.anomalypipe.generator;

import io.anomalypipe.common.config.CommandLine;
import io.anomalypipe.common.config.ConfigReader;
import io.anomalypipe.common.config.InvalidConfigException;
import io.anomalypipe.common.config.PipelineConfigLoader;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Command line of the event generator: produces simulated clickstream events to Kafka, with
 * duplicates, malformed records, late events and labelled anomalies.
 *
 * <p>How to run (from any folder; builds the module on first use):
 *
 * <pre>
 * bin/generate --help
 * bin/generate --generator.count 100000                 # the last day's events, as fast as Kafka takes them
 * bin/generate --generator.rate 2000 --generator.count 7200000   # live: one hour of events as they happen
 * bin/generate --generator.count 1000000 --generator.start-time 2026-01-01T00:00:00Z \
 *     --generator.ground-truth-path /tmp/truth.jsonl --generator.manifest-path /tmp/manifest.jsonl
 * bin/generate --generator.input-file events.jsonl      # replay a file instead
 * </pre>
 *
 * Exit codes: 0 done, 1 Kafka or send failure, 2 invalid configuration.
 */
public final class GeneratorMain {

  static final String USAGE =
      "Usage: bin/generate [--config FILE] [--<key> VALUE ...]\n\n"
          + "Produces simulated clickstream events (JSON, keyed by user_id) to the Kafka topic,\n"
          + "with injected duplicates, malformed records, late events and labelled anomalies.\n\n"
          + "Live (--generator.rate N, start-time auto): each event's time is when it is sent\n"
          + "(up to live-jitter before), over about count / rate seconds; the stream of now.\n"
          + "Window (no rate, or an explicit start-time): the events spread over simulated-span,\n"
          + "by default the span that ends now. Settings that would send events Silver\n"
          + "quarantines for their time (pipeline.silver.max-clock-skew, max-event-age) are\n"
          + "refused. Same seed and same start-time give the same records. Progress goes to\n"
          + "stderr, the summary to stdout.";

  static final int EXIT_OK = 0;
  static final int EXIT_FAILED = 1;
  static final int EXIT_INVALID_CONFIG = 2;

  private GeneratorMain() {}

  public static void main(String[] args) {
    System.exit(execute(args, System.out, System.err));
  }

  /**
   * Generates to Kafka as {@code bin/generate} would, without printing a summary or exiting.
   *
   * @throws InvalidConfigException on a bad argument or config value
   */
  public static GenerationSummary run(String... args) {
    return EventGenerator.runToKafka(GeneratorConfig.fromArgs(args), sent -> {});
  }

  /** Runs the command line against Kafka; returns the exit code. */
  static int execute(String[] args, PrintStream out, PrintStream err) {
    return execute(args, out, err, KafkaRecordSink::open);
  }

  /** Runs the command line with the sink {@code openSink} gives; returns the exit code. */
  static int execute(
      String[] args,
      PrintStream out,
      PrintStream err,
      Function<GeneratorConfig, ? extends RecordSink> openSink) {
    try {
      CommandLine commandLine = CommandLine.parse(args);
      if (commandLine.help()) {
        out.println(PipelineConfigLoader.help(USAGE, List.of("generator", "kafka")));
        return EXIT_OK;
      }
      GeneratorConfig config =
          GeneratorConfig.fromConfig(ConfigReader.of(PipelineConfigLoader.load(commandLine)));
      err.println(describe(config));
      try (RecordSink sink = openSink.apply(config)) {
        GenerationSummary summary = EventGenerator.run(config, sink, sent -> {}, err);
        out.print(summary.render());
      }
      return EXIT_OK;
    } catch (InvalidConfigException e) {
      err.println(e.getMessage());
      return EXIT_INVALID_CONFIG;
    } catch (GenerationFailedException e) {
      out.print(e.summary().render());
      err.println("error: " + e.getMessage());
      return EXIT_FAILED;
    } catch (KafkaSetupException e) {
      err.println("error: " + e.getMessage());
      return EXIT_FAILED;
    }
  }

  static String describe(GeneratorConfig config) {
    if (config.replay()) {
      return String.format(
          Locale.ROOT,
          "generator: replaying %s to topic %s at %s",
          config.inputFile().get(),
          config.kafka().topic(),
          config.kafka().bootstrapServers());
    }
    String common =
        String.format(
            Locale.ROOT,
            "generator: %d records to topic %s at %s (seed %d, ",
            config.count(),
            config.kafka().topic(),
            config.kafka().bootstrapServers(),
            config.seed());
    String timeline;
    if (config.timeline() instanceof Timeline.From from) {
      timeline =
          String.format(
              Locale.ROOT, "start-time %s, span %s", from.start(), config.simulatedSpan());
    } else if (config.timeline() instanceof Timeline.EndingAt endingAt) {
      timeline =
          String.format(
              Locale.ROOT, "span %s ending at %s", config.simulatedSpan(), endingAt.end());
    } else {
      timeline =
          String.format(
              Locale.ROOT,
              "live: event time = send time, jitter %s, %s records/s for about %s",
              config.liveJitter(),
              config.rate(),
              config.eventSpan());
    }
    return common + timeline + String.format(Locale.ROOT, ", %d users)", config.users());
  }
}
