package io.anomalypipe.common.observability;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The wall-clock steps of one micro-batch, timed lap by lap: for the batch's log line ({@link
 * #millis()}) and, summed over the run, for {@code benchmark_logs} ({@link #recordForRun}).
 */
public final class StepTimes {
  private final Map<String, Object> millis = new LinkedHashMap<>();
  private long last = System.nanoTime();

  /** Ends the step {@code step} (e.g. {@code merge_ms}) now; the next one starts. */
  public void lap(String step) {
    long now = System.nanoTime();
    millis.put(step, (now - last) / 1_000_000);
    last = now;
  }

  /** Each step's milliseconds, in the order they ran. */
  public Map<String, Object> millis() {
    return millis;
  }

  /** Adds each step, with the batch's {@code rows}, to the active job run's step totals. */
  public void recordForRun(long rows) {
    millis.forEach((step, ms) -> JobRun.recordStep(step, (Long) ms, rows));
  }
}
