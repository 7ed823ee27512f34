package io.anomalypipe.common.observability;

import io.anomalypipe.common.schema.PipelineMetricsTable;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * Turns every micro-batch's progress report of the run's streaming queries into a {@code
 * pipeline_metrics} row, kept until the run's {@link MetricsWriter} appends them. Cheap on the
 * listener thread: no Spark work, one row object per batch.
 */
final class StreamingMetricsCollector extends StreamingQueryListener {

  private final RunIdentity run;
  private final ConcurrentLinkedQueue<Row> rows = new ConcurrentLinkedQueue<>();

  StreamingMetricsCollector(RunIdentity run) {
    this.run = run;
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {}

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    rows.add(toRow(run, event.progress(), Instant.now()));
  }

  @Override
  public void onQueryIdle(QueryIdleEvent event) {}

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {}

  /** The rows collected since the last call. */
  List<Row> drain() {
    List<Row> drained = new ArrayList<>();
    for (Row row = rows.poll(); row != null; row = rows.poll()) {
      drained.add(row);
    }
    return drained;
  }

  /** One {@code pipeline_metrics} row, in {@link PipelineMetricsTable#SCHEMA}'s order. */
  static Row toRow(RunIdentity run, StreamingQueryProgress progress, Instant recordedAt) {
    Map<String, Long> durations = Map.copyOf(progress.durationMs());
    List<Row> sources =
        Arrays.stream(progress.sources()).map(StreamingMetricsCollector::source).toList();
    String stateOperators =
        progress.stateOperators().length == 0
            ? null
            : Arrays.stream(progress.stateOperators())
                .map(StateOperatorProgress::json)
                .collect(Collectors.joining(",", "[", "]"));
    return RowFactory.create(
        run.job(),
        run.layer(),
        run.runId(),
        progress.id().toString(),
        progress.name(),
        progress.runId().toString(),
        progress.batchId(),
        progress.timestamp() == null ? null : Timestamp.from(Instant.parse(progress.timestamp())),
        progress.numInputRows(),
        finiteOrNull(progress.inputRowsPerSecond()),
        finiteOrNull(progress.processedRowsPerSecond()),
        durations.get("triggerExecution"),
        durations,
        stateOperators,
        sources,
        progress.sink() == null ? null : progress.sink().description(),
        progress.eventTime() == null ? null : progress.eventTime().get("watermark"),
        Timestamp.from(recordedAt));
  }

  private static Row source(SourceProgress source) {
    return RowFactory.create(
        source.description(),
        source.startOffset(),
        source.endOffset(),
        source.latestOffset(),
        source.numInputRows());
  }

  /** Spark reports NaN or infinity for a rate over an empty interval; a table keeps null. */
  private static Double finiteOrNull(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
