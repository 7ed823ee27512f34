package io.anomalypipe.common.observability;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The timed steps of one job run, summed over its micro-batches: how often each ran, its total wall
 * time and the rows it handled — a {@code benchmark_logs} row each.
 */
final class StepTotals {

  /** One step's sums; {@code rows} is -1 while no call gave a row count. */
  record Total(long count, long millis, long rows) {
    Total plus(long addedMillis, long addedRows) {
      return new Total(
          count + 1, millis + addedMillis, addedRows < 0 ? rows : Math.max(rows, 0) + addedRows);
    }
  }

  private final Map<String, Total> totals = new LinkedHashMap<>();

  /** Adds one run of {@code step}; {@code rows} &lt; 0 when the step has no row count. */
  synchronized void add(String step, long millis, long rows) {
    totals.merge(
        step, new Total(0, 0, -1).plus(millis, rows), (a, b) -> a.plus(b.millis(), b.rows()));
  }

  synchronized Map<String, Total> snapshot() {
    return new LinkedHashMap<>(totals);
  }
}
