package io.anomalypipe.generator;

import java.util.concurrent.atomic.AtomicLong;

/** A wall clock for tests: it stands still until waited on, then jumps to the time waited for. */
final class SimulatedWallClock implements WallClock {

  private final AtomicLong millis;

  SimulatedWallClock(long startMillis) {
    this.millis = new AtomicLong(startMillis);
  }

  @Override
  public long millis() {
    return millis.get();
  }

  @Override
  public void awaitMillis(long epochMillis) {
    millis.accumulateAndGet(epochMillis, Math::max);
  }
}
