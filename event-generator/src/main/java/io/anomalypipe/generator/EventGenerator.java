package io.anomalypipe.generator;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs a generation: takes records from the simulation (or the replayed file), paces them (a live
 * run's records each at its send time, others at the rate), hands them to a {@link RecordSink}, and
 * for each acknowledged record counts it, writes its manifest line and, for an anomaly, its
 * ground-truth line, and passes it to the caller's listener.
 *
 * <p>From a test of another module, with a broker at {@code bootstrap}:
 *
 * <pre>{@code
 * GeneratorConfig config = GeneratorConfig.fromArgs(
 *     "--kafka.bootstrap-servers", bootstrap, "--kafka.topic", topic,
 *     "--generator.count", "5000", "--generator.start-time", "2026-01-01T00:00:00Z");
 * List<SentRecord> sent = Collections.synchronizedList(new ArrayList<>());
 * GenerationSummary summary = EventGenerator.runToKafka(config, sent::add);
 * }</pre>
 *
 * From a shell: {@code bin/generate --help}.
 */
public final class EventGenerator {

  private static final long MIN_LIVE_LEAD_MILLIS = 200;

  private EventGenerator() {}

  /**
   * Creates the topic if missing, generates to Kafka and closes the producer; progress goes to
   * stderr.
   *
   * @param onSent called once per acknowledged record, from the producer's thread: keep it quick
   *     and thread-safe
   * @throws GenerationFailedException if some records could not be sent
   * @throws KafkaSetupException if Kafka cannot be reached or the topic cannot be created
   */
  public static GenerationSummary runToKafka(GeneratorConfig config, Consumer<SentRecord> onSent) {
    try (KafkaRecordSink sink = KafkaRecordSink.open(config)) {
      return run(config, sink, onSent, System.err);
    }
  }

  /**
   * Like {@link #runToKafka(GeneratorConfig, Consumer)}, returning every record Kafka acknowledged
   * (in acknowledgement order). Keeps them all in memory: for tests and small runs, whose checks
   * compare what a job wrote with what was sent.
   *
   * @throws IllegalStateException if the summary's acknowledged count differs from the records
   *     collected
   */
  public static List<SentRecord> runToKafkaCollecting(GeneratorConfig config) {
    List<SentRecord> sent = Collections.synchronizedList(new ArrayList<>());
    GenerationSummary summary = runToKafka(config, sent::add);
    if (summary.acknowledged() != sent.size()) {
      throw new IllegalStateException(
          "Kafka acknowledged "
              + summary.acknowledged()
              + " records but "
              + sent.size()
              + " were reported");
    }
    return List.copyOf(sent);
  }

  /** Generates into the sink (which stays open), progress to stderr. */
  public static GenerationSummary run(GeneratorConfig config, RecordSink sink) {
    return run(config, sink, sent -> {}, System.err);
  }

  /**
   * Generates into the sink (which stays open).
   *
   * @param onSent called once per acknowledged record, possibly from another thread
   * @param progress where progress lines go
   * @throws GenerationFailedException if some records could not be sent
   */
  public static GenerationSummary run(
      GeneratorConfig config, RecordSink sink, Consumer<SentRecord> onSent, PrintStream progress) {
    return run(config, sink, onSent, progress, WallClock.SYSTEM);
  }

  /** Like {@link #run(GeneratorConfig, RecordSink, Consumer, PrintStream)}, live on this clock. */
  static GenerationSummary run(
      GeneratorConfig config,
      RecordSink sink,
      Consumer<SentRecord> onSent,
      PrintStream progress,
      WallClock clock) {
    GenerationTally tally = new GenerationTally();
    AtomicReference<Throwable> firstError = new AtomicReference<>();
    long startNanos = System.nanoTime();
    try (RecordSource source = source(config, sink.partitionCount(), clock);
        OptionalWriters writers = new OptionalWriters(config)) {
      SendListener listener =
          new SendListener() {
            @Override
            public void acknowledged(SentRecord sent) {
              try {
                tally.acknowledged(sent);
                writers.manifest.ifPresent(manifest -> manifest.write(sent));
                if (sent.kind() == RecordKind.ANOMALY) {
                  writers.groundTruth.ifPresent(truth -> truth.write(sent));
                }
                onSent.accept(sent);
              } catch (RuntimeException e) {
                firstError.compareAndSet(null, e);
              }
            }

            @Override
            public void failed(GeneratedRecord record, Exception error) {
              tally.failed();
              firstError.compareAndSet(null, error);
            }
          };
      Pacer pacer = new Pacer(config.rate(), System::nanoTime, clock);
      ProgressReporter reporter =
          new ProgressReporter(progress, config.progressInterval(), source.expectedCount());
      long index = 0;
      while (source.hasNext() && firstError.get() == null) {
        GeneratedRecord record = source.next();
        pacer.awaitTurn(index++, record);
        tally.sent();
        sink.send(record, listener);
        reporter.maybeReport(tally.sentCount(), tally.acknowledgedCount());
      }
      sink.flush();
    }
    GenerationSummary summary =
        tally.summary(sink.topic(), Duration.ofNanos(System.nanoTime() - startNanos));
    if (firstError.get() != null) {
      throw new GenerationFailedException(summary, firstError.get());
    }
    return summary;
  }

  /**
   * The records of a run: the replayed file if {@code input-file} is set, else the simulation; a
   * live one starts now.
   */
  public static RecordSource source(GeneratorConfig config, int partitionCount) {
    return source(config, partitionCount, WallClock.SYSTEM);
  }

  private static RecordSource source(GeneratorConfig config, int partitionCount, WallClock clock) {
    if (config.replay()) {
      return new ReplaySource(config.inputFile().get());
    }
    return config.live()
        ? liveSimulation(config, partitionCount, clock)
        : new ClickstreamSimulator(config, partitionCount);
  }

  /**
   * A live simulation starting a little ahead of the clock: simulating the sessions of the ten
   * minutes before the start takes about a microsecond per event (1.2 million at 2,000 records/s,
   * one to two seconds), and a start already past when that is done would send the first records
   * late. So the start is that far ahead, twice the estimate, and further if even that was past.
   */
  static ClickstreamSimulator liveSimulation(
      GeneratorConfig config, int partitionCount, WallClock clock) {
    double warmUpEvents = config.rate() * ClickstreamSimulator.LIVE_WARM_UP_MILLIS / 1000.0;
    long leadMillis = Math.max(MIN_LIVE_LEAD_MILLIS, (long) (warmUpEvents * 2 / 1000));
    while (true) {
      long start = clock.millis() + leadMillis;
      ClickstreamSimulator simulation =
          ClickstreamSimulator.live(config, partitionCount, Instant.ofEpochMilli(start));
      if (clock.millis() <= start) {
        return simulation;
      }
      simulation.close();
      leadMillis *= 2;
    }
  }

  /** The manifest and ground-truth files, each if configured. */
  private static final class OptionalWriters implements AutoCloseable {
    final Optional<ManifestWriter> manifest;
    final Optional<GroundTruthWriter> groundTruth;

    OptionalWriters(GeneratorConfig config) {
      manifest = config.manifestPath().map(ManifestWriter::new);
      groundTruth = config.groundTruthPath().map(GroundTruthWriter::new);
    }

    @Override
    public void close() {
      manifest.ifPresent(ManifestWriter::close);
      groundTruth.ifPresent(GroundTruthWriter::close);
    }
  }
}
