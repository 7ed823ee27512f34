package io.anomalypipe.common.observability;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Turns every completed stage of the application into a {@code task_metrics} row: the stage's
 * tasks' metrics, which Spark sums into the stage's {@code TaskMetrics}. Kept until the run's
 * {@link MetricsWriter} appends them; {@link #stop()} ignores the stages that follow (the final
 * metrics writes themselves).
 */
final class StageMetricsCollector extends SparkListener {

  private final RunIdentity run;
  private final String appId;
  private final ConcurrentLinkedQueue<Row> rows = new ConcurrentLinkedQueue<>();
  private volatile boolean stopped;

  StageMetricsCollector(RunIdentity run, String appId) {
    this.run = run;
    this.appId = appId;
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted event) {
    // a stage that never ran a task has no metrics
    if (!stopped && event.stageInfo().taskMetrics() != null) {
      rows.add(toRow(run, appId, event.stageInfo(), Instant.now()));
    }
  }

  void stop() {
    stopped = true;
  }

  List<Row> drain() {
    List<Row> drained = new ArrayList<>();
    for (Row row = rows.poll(); row != null; row = rows.poll()) {
      drained.add(row);
    }
    return drained;
  }

  /** One {@code task_metrics} row, in {@code TaskMetricsTable.SCHEMA}'s order. */
  static Row toRow(RunIdentity run, String appId, StageInfo stage, Instant recordedAt) {
    TaskMetrics metrics = stage.taskMetrics();
    return RowFactory.create(
        run.job(),
        run.layer(),
        run.runId(),
        appId,
        stage.stageId(),
        stage.attemptNumber(),
        stage.name(),
        stage.numTasks(),
        stage.submissionTime().isDefined()
            ? new Timestamp((Long) stage.submissionTime().get())
            : null,
        stage.completionTime().isDefined()
            ? new Timestamp((Long) stage.completionTime().get())
            : null,
        metrics.executorRunTime(),
        metrics.executorCpuTime() / 1_000_000,
        metrics.jvmGCTime(),
        metrics.peakExecutionMemory(),
        metrics.shuffleReadMetrics().totalBytesRead(),
        metrics.shuffleReadMetrics().recordsRead(),
        metrics.shuffleWriteMetrics().bytesWritten(),
        metrics.shuffleWriteMetrics().recordsWritten(),
        metrics.memoryBytesSpilled(),
        metrics.diskBytesSpilled(),
        metrics.inputMetrics().bytesRead(),
        metrics.inputMetrics().recordsRead(),
        metrics.outputMetrics().bytesWritten(),
        metrics.outputMetrics().recordsWritten(),
        stage.failureReason().isDefined() ? stage.failureReason().get() : null,
        Timestamp.from(recordedAt));
  }
}
