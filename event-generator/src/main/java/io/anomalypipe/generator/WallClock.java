package io.anomalypipe.generator;

import java.util.concurrent.locks.LockSupport;

/**
 * The clock a live run follows: the time now, and waiting for a later time. A live run's event
 * times are this clock's; tests give a simulated one that moves on when waited on.
 */
interface WallClock {

  /** The system clock: the one Kafka's producer stamps records' timestamps with. */
  WallClock SYSTEM =
      new WallClock() {
        @Override
        public long millis() {
          return System.currentTimeMillis();
        }

        @Override
        public void awaitMillis(long epochMillis) {
          long ahead;
          while ((ahead = epochMillis - System.currentTimeMillis()) > 0) {
            LockSupport.parkNanos(ahead * 1_000_000L);
          }
        }
      };

  /** Epoch milliseconds now. */
  long millis();

  /** Returns once {@link #millis()} has reached {@code epochMillis}; at once if it has. */
  void awaitMillis(long epochMillis);
}
