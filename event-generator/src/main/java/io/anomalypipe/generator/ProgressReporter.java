package io.anomalypipe.generator;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/** Prints a progress line (count, rate, ETA) every {@code generator.progress-interval}. */
final class ProgressReporter {

  private final PrintStream out;
  private final long intervalNanos;
  private final OptionalLong expected;
  private final LongSupplier nanoClock;
  private final long startNanos;
  private long nextReportNanos;

  ProgressReporter(PrintStream out, Duration interval, OptionalLong expected) {
    this(out, interval, expected, System::nanoTime);
  }

  ProgressReporter(
      PrintStream out, Duration interval, OptionalLong expected, LongSupplier nanoClock) {
    this.out = out;
    this.intervalNanos = interval.toNanos();
    this.expected = expected;
    this.nanoClock = nanoClock;
    this.startNanos = nanoClock.getAsLong();
    this.nextReportNanos = startNanos + intervalNanos;
  }

  /** Prints a line if the interval has passed since the last one. */
  void maybeReport(long sent, long acknowledged) {
    long now = nanoClock.getAsLong();
    if (now >= nextReportNanos) {
      nextReportNanos = now + intervalNanos;
      out.println(line(sent, acknowledged, now - startNanos));
    }
  }

  String line(long sent, long acknowledged, long elapsedNanos) {
    double seconds = elapsedNanos / 1e9;
    double rate = seconds > 0 ? sent / seconds : 0;
    StringBuilder line = new StringBuilder("generator: ").append(sent);
    if (expected.isPresent()) {
      long total = expected.getAsLong();
      line.append(String.format(Locale.ROOT, "/%d (%.1f%%)", total, 100.0 * sent / total));
    }
    line.append(
        String.format(
            Locale.ROOT, " records sent, %d acknowledged, %.0f records/s", acknowledged, rate));
    if (expected.isPresent() && rate > 0) {
      long etaSeconds = (long) Math.ceil((expected.getAsLong() - sent) / rate);
      line.append(", ETA ")
          .append(Duration.ofSeconds(etaSeconds).toString().substring(2).toLowerCase(Locale.ROOT));
    }
    return line.toString();
  }
}
