package io.anomalypipe.common.logging;

import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Logs one structured line per micro-batch (rows, rates, durations) and the start and end of each
 * query, with {@code query_id} and {@code batch_id} as fields of the JSON log line.
 */
public final class StreamingProgressLogger extends StreamingQueryListener {
  private static final Logger LOG = LoggerFactory.getLogger(StreamingProgressLogger.class);

  /** The job's log fields: Spark calls the listener on its listener thread. */
  private final JobLogContext jobContext = JobLogContext.capture();

  @Override
  public void onQueryStarted(QueryStartedEvent event) {
    jobContext.run(() -> logStarted(event));
  }

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    jobContext.run(() -> logProgress(event.progress()));
  }

  @Override
  public void onQueryIdle(QueryIdleEvent event) {}

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {
    jobContext.run(() -> logTerminated(event));
  }

  private static void logStarted(QueryStartedEvent event) {
    try (var query = MDC.putCloseable(LogFields.QUERY_ID, event.id().toString())) {
      LOG.atInfo()
          .addKeyValue("query_name", event.name())
          .addKeyValue("query_run_id", event.runId().toString())
          .log("streaming query started");
    }
  }

  private static void logProgress(StreamingQueryProgress progress) {
    try (var query = MDC.putCloseable(LogFields.QUERY_ID, progress.id().toString());
        var batch = MDC.putCloseable(LogFields.BATCH_ID, Long.toString(progress.batchId()))) {
      LOG.atInfo()
          .addKeyValue("query_name", progress.name())
          .addKeyValue("num_input_rows", progress.numInputRows())
          .addKeyValue("input_rows_per_second", progress.inputRowsPerSecond())
          .addKeyValue("processed_rows_per_second", progress.processedRowsPerSecond())
          .addKeyValue("duration_ms", progress.durationMs())
          .addKeyValue("sink", progress.sink().description())
          .log("micro-batch completed");
    }
  }

  private static void logTerminated(QueryTerminatedEvent event) {
    try (var query = MDC.putCloseable(LogFields.QUERY_ID, event.id().toString())) {
      if (event.exception().isDefined()) {
        LOG.atError().addKeyValue("error", event.exception().get()).log("streaming query failed");
      } else {
        LOG.info("streaming query stopped");
      }
    }
  }
}
