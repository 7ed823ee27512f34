package io.anomalypipe.generator;

import java.time.Instant;

/**
 * What a {@link ClickstreamSimulator} makes for a {@link Timeline}: sessions from {@code start} at
 * the rate that spreads {@code records} records over {@code spanMillis}, and {@code total} records,
 * the first {@code skip} of them made but not sent.
 *
 * @param live records stamped with their send time, after sessions begun before the start
 * @param uncutBursts bursts are not cut to the records left (a window that ends at a time, whose
 *     probe runs without a count)
 */
record SimulationPlan(
    long start,
    long spanMillis,
    double records,
    long skip,
    long total,
    boolean live,
    boolean uncutBursts) {

  /**
   * A window that ends at a time has its sessions begin a span and a span / this before its end;
   * further back only if that leaves fewer than count records (a handful of records).
   */
  static final int EXTRA_SPAN_PARTS = 4;

  /** How far back from its end a window that ends at a time may start, in spans, at most. */
  private static final double MAX_EXTRA_SPANS = 64;

  /** A live run whose sending starts at {@code start}: count records over count / rate. */
  static SimulationPlan live(GeneratorConfig config, long start) {
    long span = config.eventSpan().toMillis();
    return new SimulationPlan(start, span, config.count(), 0, config.count(), true, false);
  }

  /**
   * A window run: from its start-time over simulated-span, or the span that ends at its end.
   *
   * @throws IllegalArgumentException for a live config
   */
  static SimulationPlan window(GeneratorConfig config, int partitionCount) {
    long span = config.simulatedSpan().toMillis();
    Timeline timeline = config.timeline();
    if (timeline instanceof Timeline.From from) {
      long start = from.start().toEpochMilli();
      return new SimulationPlan(start, span, config.count(), 0, config.count(), false, false);
    }
    if (timeline instanceof Timeline.EndingAt endingAt) {
      return endingAt(config, partitionCount, endingAt.end().toEpochMilli(), span);
    }
    throw new IllegalArgumentException(
        "a live config starts when sending does: use ClickstreamSimulator.live");
  }

  /**
   * The window of {@code span} that ends at {@code end}, exactly: how many events the sessions make
   * by a time is random (from a start, the last of 10,000 records fell up to an hour after the
   * span's end). So the sessions start further back (a quarter span; more if that leaves fewer than
   * count records, as with a handful of records) at the rate of count records per span, a probe
   * counts the records made up to the end, and the ones before the last count are skipped.
   */
  private static SimulationPlan endingAt(
      GeneratorConfig config, int partitionCount, long end, long span) {
    for (double extra = 1.0 / EXTRA_SPAN_PARTS; extra <= MAX_EXTRA_SPANS; extra *= 2) {
      long from = end - span - (long) (span * extra);
      double records = config.count() * (1 + extra);
      SimulationPlan probe =
          new SimulationPlan(from, end - from, records, 0, Long.MAX_VALUE, false, true);
      long made = new ClickstreamSimulator(config, partitionCount, probe).recordsUntil(end);
      if (made >= config.count()) {
        return new SimulationPlan(
            from, end - from, records, made - config.count(), made, false, true);
      }
    }
    throw new IllegalStateException(
        "the simulation made fewer than "
            + config.count()
            + " records in "
            + MAX_EXTRA_SPANS
            + " spans before "
            + Instant.ofEpochMilli(end));
  }
}
