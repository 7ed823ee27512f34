package io.anomalypipe.common.logging;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.slf4j.MDC;

/**
 * The log fields of a job run ({@code job}, {@code layer}, {@code run_id}, set by {@code
 * JobLauncher} on the main thread) carried onto the threads where Spark runs the job's code: a
 * streaming query's {@code foreachBatch} function runs on the query's own thread and a listener on
 * Spark's listener thread, whose log context is empty, so without this their lines (the batch
 * figures) could not be told apart by job or run.
 */
public final class JobLogContext implements Serializable {
  private static final long serialVersionUID = 1L;

  private final HashMap<String, String> fields;

  private JobLogContext(Map<String, String> fields) {
    this.fields = new HashMap<>(fields);
  }

  /** The calling thread's log fields, now. */
  public static JobLogContext capture() {
    Map<String, String> current = MDC.getCopyOfContextMap();
    return new JobLogContext(current == null ? Map.of() : current);
  }

  /** Runs {@code action} with these fields added to the thread's log context, then restores it. */
  public <T> T call(Callable<T> action) throws Exception {
    Map<String, String> previous = MDC.getCopyOfContextMap();
    fields.forEach(MDC::put);
    try {
      return action.call();
    } finally {
      if (previous == null) {
        MDC.clear();
      } else {
        MDC.setContextMap(previous);
      }
    }
  }

  /** {@link #call} for an action that throws nothing checked. */
  public void run(Runnable action) {
    try {
      call(
          () -> {
            action.run();
            return null;
          });
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A {@code foreachBatch} function that runs {@code sink} with these fields in its log lines. */
  public <T> VoidFunction2<Dataset<T>, Long> around(VoidFunction2<Dataset<T>, Long> sink) {
    return (batch, batchId) ->
        call(
            () -> {
              sink.call(batch, batchId);
              return null;
            });
  }
}
