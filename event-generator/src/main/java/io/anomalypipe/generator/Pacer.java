package io.anomalypipe.generator;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Holds the sends to their time. A record of a live run ({@link GeneratedRecord#sendAt()}) waits
 * for its send time on the wall clock. Otherwise the pace is {@code generator.rate} records per
 * second: record {@code i} goes out no earlier than {@code i / rate} seconds after the first; it
 * sleeps only when at least a millisecond ahead, so high rates go out in small bursts instead of
 * spinning a core. Rate 0 never waits.
 */
final class Pacer {

  private static final long MIN_SLEEP_NANOS = 1_000_000;

  private final double nanosPerRecord;
  private final LongSupplier nanoClock;
  private final WallClock wallClock;
  private long startNanos = Long.MIN_VALUE;

  Pacer(double ratePerSecond) {
    this(ratePerSecond, System::nanoTime, WallClock.SYSTEM);
  }

  Pacer(double ratePerSecond, LongSupplier nanoClock) {
    this(ratePerSecond, nanoClock, WallClock.SYSTEM);
  }

  Pacer(double ratePerSecond, LongSupplier nanoClock, WallClock wallClock) {
    this.nanosPerRecord = ratePerSecond > 0 ? 1e9 / ratePerSecond : 0;
    this.nanoClock = nanoClock;
    this.wallClock = wallClock;
  }

  /** Waits until {@code record}, number {@code index} (0-based), may go. */
  void awaitTurn(long index, GeneratedRecord record) {
    if (record.sendAt().isPresent()) {
      wallClock.awaitMillis(record.sendAt().getAsLong());
    } else {
      awaitTurn(index);
    }
  }

  /** Waits until record {@code index} (0-based) may go at the rate. */
  void awaitTurn(long index) {
    if (nanosPerRecord == 0) {
      return;
    }
    if (startNanos == Long.MIN_VALUE) {
      startNanos = nanoClock.getAsLong();
    }
    long due = startNanos + (long) (index * nanosPerRecord);
    long ahead;
    while ((ahead = due - nanoClock.getAsLong()) >= MIN_SLEEP_NANOS) {
      LockSupport.parkNanos(ahead);
    }
  }
}
