package io.anomalypipe.common.observability;

import io.anomalypipe.common.job.BuildInfo;
import io.anomalypipe.common.schema.BenchmarkLogsTable;
import io.anomalypipe.common.schema.PipelineMetricsTable;
import io.anomalypipe.common.schema.Tables;
import io.anomalypipe.common.schema.TaskMetricsTable;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics of one job run: collects every micro-batch's progress ({@code pipeline_metrics}),
 * every stage's task metrics ({@code task_metrics}) and the run's timed steps ({@code
 * benchmark_logs}) and appends them every {@code flush-interval} and when the run ends. ({@code
 * audit_history} is gathered by the monitor, once per DAG run: reading six tables' history in every
 * job run cost each run seconds.) Nothing here may fail or stop the job: each write is attempted on
 * its own and a failure is logged.
 *
 * <p>The writers time their steps through {@link #recordStep}, which reaches the run active in this
 * JVM (one job run at a time, as {@code JobLauncher} runs them; none in unit tests, where it does
 * nothing).
 */
public final class JobRun implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobRun.class);

  private static volatile JobRun active;

  private final SparkSession spark;
  private final RunIdentity run;
  private final ObservabilitySettings settings;
  private final String profile;
  private final Instant startedAt = Instant.now();
  private final long startNanos = System.nanoTime();
  private final StreamingMetricsCollector batches;
  private final StageMetricsCollector stages;
  private final StepTotals steps = new StepTotals();
  private final ScheduledExecutorService flusher;

  /** The appends of one flush, side by side (daemon threads: they never keep a JVM alive). */
  private final ExecutorService writers =
      Executors.newFixedThreadPool(
          3,
          task -> {
            Thread thread = new Thread(task, "metrics-append");
            thread.setDaemon(true);
            return thread;
          });

  private JobRun(
      SparkSession spark, RunIdentity run, ObservabilitySettings settings, String profile) {
    this.spark = spark;
    this.run = run;
    this.settings = settings;
    this.profile = profile;
    this.batches = new StreamingMetricsCollector(run);
    this.stages = new StageMetricsCollector(run, spark.sparkContext().applicationId());
    this.flusher =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "metrics-flush-" + run.job());
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Starts collecting for a run (nothing when observability is off): registers the listeners and
   * the periodic flush. Close it when the run ends.
   */
  public static JobRun start(
      SparkSession spark, RunIdentity run, ObservabilitySettings settings, String profile) {
    JobRun jobRun = new JobRun(spark, run, settings, profile);
    if (settings.enabled()) {
      spark.streams().addListener(jobRun.batches);
      spark.sparkContext().addSparkListener(jobRun.stages);
      long every = settings.flushInterval().toMillis();
      jobRun.flusher.scheduleWithFixedDelay(
          jobRun::flushQuietly, every, every, TimeUnit.MILLISECONDS);
    }
    active = jobRun;
    return jobRun;
  }

  /**
   * Adds one run of a timed step (e.g. one micro-batch's {@code merge_ms}) to the active job run's
   * {@code benchmark_logs}; {@code rows} &lt; 0 when the step has no row count.
   */
  public static void recordStep(String step, long millis, long rows) {
    JobRun run = active;
    if (run != null) {
      run.steps.add(step, millis, rows);
    }
  }

  /**
   * Ends the run: its whole time as the step {@code run}, and the last rows. Never throws: the
   * job's own work is done, and its outcome must not depend on its metrics.
   */
  @Override
  public void close() {
    if (active == this) {
      active = null;
    }
    flusher.shutdownNow();
    try {
      if (settings.enabled()) {
        finish();
      }
    } catch (Exception e) {
      LOG.atWarn().addKeyValue("error", e.toString()).log("metrics of the run not completed");
    } finally {
      writers.shutdownNow();
    }
  }

  private void finish() {
    steps.add(BenchmarkLogsTable.RUN_STEP, (System.nanoTime() - startNanos) / 1_000_000, -1);
    stages.stop();
    spark.streams().removeListener(batches);
    spark.sparkContext().removeSparkListener(stages);
    synchronized (this) {
      flush(benchmarkRows());
    }
  }

  private void flushQuietly() {
    try {
      synchronized (this) {
        flush();
      }
    } catch (Exception e) {
      LOG.atWarn().addKeyValue("error", e.toString()).log("metrics flush failed");
    }
  }

  private void flush() {
    flush(List.of());
  }

  /**
   * Appends what was collected, the tables side by side: each append mostly waits on its table's
   * log and commit, so three at once cost about one.
   */
  private void flush(List<Row> benchmarkRows) {
    List<Runnable> appends =
        List.of(
            () ->
                MetricsWriter.append(
                    spark,
                    PipelineMetricsTable.DEFINITION,
                    settings.storage().tablePath(Tables.PIPELINE_METRICS),
                    batches.drain()),
            () ->
                MetricsWriter.append(
                    spark,
                    TaskMetricsTable.DEFINITION,
                    settings.storage().tablePath(Tables.TASK_METRICS),
                    stages.drain()),
            () ->
                MetricsWriter.append(
                    spark,
                    BenchmarkLogsTable.DEFINITION,
                    settings.storage().tablePath(Tables.BENCHMARK_LOGS),
                    benchmarkRows));
    appends.stream()
        .map(append -> CompletableFuture.runAsync(append, writers))
        .toList()
        .forEach(CompletableFuture::join);
  }

  private List<Row> benchmarkRows() {
    String commit = BuildInfo.current().gitCommit();
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    steps
        .snapshot()
        .forEach(
            (step, total) ->
                rows.add(
                    RowFactory.create(
                        run.job(),
                        run.layer(),
                        run.runId(),
                        step,
                        total.count(),
                        total.millis(),
                        total.rows() < 0 ? null : total.rows(),
                        total.rows() < 0 || total.millis() == 0
                            ? null
                            : total.rows() * 1000.0 / total.millis(),
                        commit,
                        profile,
                        Timestamp.from(startedAt),
                        now)));
    return rows;
  }
}
