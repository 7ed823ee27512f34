package io.anomalypipe.generator;

import io.anomalypipe.common.config.CommandLine;
import io.anomalypipe.common.config.ConfigReader;
import io.anomalypipe.common.config.PipelineConfigLoader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Generator configs for tests: the defaults with a pinned start time, plus overrides. */
final class TestConfigs {

  static final String START = "2026-01-01T00:00:00Z";

  private TestConfigs() {}

  /** The config from {@code --key value} pairs (keys relative to pipeline), start-time pinned. */
  static GeneratorConfig config(String... keyValues) {
    List<String> args = new ArrayList<>(List.of("--generator.start-time", START));
    for (int i = 0; i < keyValues.length; i += 2) {
      args.add("--" + keyValues[i]);
      args.add(keyValues[i + 1]);
    }
    return GeneratorConfig.fromArgs(args.toArray(String[]::new));
  }

  /** The config as the defaults give it with the clock at {@code now}: start-time auto. */
  static GeneratorConfig configAt(Instant now, String... keyValues) {
    List<String> args = new ArrayList<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      args.add("--" + keyValues[i]);
      args.add(keyValues[i + 1]);
    }
    ConfigReader reader =
        ConfigReader.of(PipelineConfigLoader.load(CommandLine.parse(args.toArray(String[]::new))));
    return GeneratorConfig.fromConfig(reader, Clock.fixed(now, ZoneOffset.UTC));
  }

  /** A live config (start-time auto with a rate) from {@code --key value} pairs. */
  static GeneratorConfig liveConfig(String rate, String... keyValues) {
    List<String> args =
        new ArrayList<>(List.of("generator.start-time", "auto", "generator.rate", rate));
    args.addAll(List.of(keyValues));
    return config(args.toArray(String[]::new));
  }

  /** The records of a live run whose sending starts at {@code start}. */
  static List<GeneratedRecord> simulateLive(GeneratorConfig config, int partitions, Instant start) {
    List<GeneratedRecord> records = new ArrayList<>();
    try (ClickstreamSimulator simulator = ClickstreamSimulator.live(config, partitions, start)) {
      simulator.forEachRemaining(records::add);
    }
    return records;
  }

  static List<GeneratedRecord> simulate(GeneratorConfig config, int partitions) {
    List<GeneratedRecord> records = new ArrayList<>();
    try (ClickstreamSimulator simulator = new ClickstreamSimulator(config, partitions)) {
      simulator.forEachRemaining(records::add);
    }
    return records;
  }
}
