package io.anomalypipe.gold.report;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.anomalypipe.common.schema.BenchmarkLogsTable;
import io.anomalypipe.common.schema.PipelineMetricsTable;
import io.anomalypipe.common.schema.Tables;
import io.anomalypipe.common.schema.TaskMetricsTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * How the jobs ran, from the observability tables: throughput per micro-batch ({@code
 * pipeline_metrics}), the timed steps of each job's latest run ({@code benchmark_logs}) and its
 * Spark stages summed ({@code task_metrics}). Runs and batches are cut by when they started.
 *
 * @param batches per job, its latest {@link #MAX_BATCHES_PER_JOB} micro-batches that read rows,
 *     oldest first
 * @param steps per job, the steps of its latest run
 * @param tasks per job, its latest run's stages summed
 */
record RunFigures(Map<String, List<Batch>> batches, List<JobSteps> steps, List<JobTasks> tasks) {

  /** A job's throughput chart shows at most this many of its latest batches. */
  static final int MAX_BATCHES_PER_JOB = 400;

  RunFigures {
    batches = Collections.unmodifiableMap(new LinkedHashMap<>(batches));
    steps = List.copyOf(steps);
    tasks = List.copyOf(tasks);
  }

  /** One micro-batch. */
  record Batch(Instant at, long inputRows, double rowsPerSecond, long durationMs) {}

  /** The timed steps of one job run, the whole run ({@code run}) first. */
  record JobSteps(String job, String runId, Instant startedAt, String gitCommit, List<Step> steps) {

    JobSteps {
      steps = List.copyOf(steps);
    }

    Optional<Step> run() {
      return steps.stream().filter(s -> s.name().equals(BenchmarkLogsTable.RUN_STEP)).findFirst();
    }
  }

  record Step(String name, long count, long durationMs, Optional<Long> rows) {}

  /** One job run's Spark stages summed. */
  record JobTasks(
      String job,
      String runId,
      Instant firstStage,
      long stages,
      long failedStages,
      long tasks,
      long executorRunMs,
      long executorCpuMs,
      long gcMs,
      long shuffleReadBytes,
      long shuffleWriteBytes,
      long spilledBytes,
      long inputRecords,
      long outputRecords) {}

  static RunFigures measure(ReportTables tables, ReportRange range) {
    return new RunFigures(
        tables
            .read(Tables.PIPELINE_METRICS)
            .map(t -> batches(range.filter(t, batchTime())))
            .orElse(Map.of()),
        tables
            .read(Tables.BENCHMARK_LOGS)
            .map(t -> steps(range.filter(t, BenchmarkLogsTable.STARTED_AT)))
            .orElse(List.of()),
        tables
            .read(Tables.TASK_METRICS)
            .map(t -> tasks(range.filter(t, stageTime())))
            .orElse(List.of()));
  }

  private static Column batchTime() {
    return coalesce(
        col(PipelineMetricsTable.BATCH_TIMESTAMP), col(PipelineMetricsTable.RECORDED_AT));
  }

  private static Column stageTime() {
    return coalesce(
        col(TaskMetricsTable.SUBMITTED_AT),
        col(TaskMetricsTable.COMPLETED_AT),
        col(TaskMetricsTable.RECORDED_AT));
  }

  private static Map<String, List<Batch>> batches(Dataset<Row> metrics) {
    Map<String, List<Batch>> byJob = new LinkedHashMap<>();
    metrics
        .where(col(PipelineMetricsTable.NUM_INPUT_ROWS).gt(0))
        .select(
            col(PipelineMetricsTable.JOB),
            batchTime().as("at"),
            col(PipelineMetricsTable.NUM_INPUT_ROWS),
            col(PipelineMetricsTable.PROCESSED_ROWS_PER_SECOND),
            col(PipelineMetricsTable.BATCH_DURATION_MS))
        .withColumn(
            "newest",
            row_number().over(Window.partitionBy(PipelineMetricsTable.JOB).orderBy(desc("at"))))
        .where(col("newest").leq(MAX_BATCHES_PER_JOB))
        .orderBy(PipelineMetricsTable.JOB, "at")
        .collectAsList()
        .forEach(
            r ->
                byJob
                    .computeIfAbsent(r.getString(0), job -> new ArrayList<>())
                    .add(
                        new Batch(
                            r.getTimestamp(1).toInstant(),
                            r.getLong(2),
                            r.isNullAt(3) ? 0 : r.getDouble(3),
                            r.isNullAt(4) ? 0 : r.getLong(4))));
    return byJob;
  }

  /** The rows of {@code table} that belong to each job's latest run, by {@code time}. */
  private static Dataset<Row> latestRunOfEachJob(
      Dataset<Row> table, String job, String runId, Column time) {
    Dataset<Row> latest =
        table
            .groupBy(col(job).as("latest_job"), col(runId).as("latest_run"))
            .agg(min(time).as("run_start"))
            .withColumn(
                "newest",
                row_number()
                    .over(
                        Window.partitionBy("latest_job")
                            .orderBy(desc("run_start"), desc("latest_run"))))
            .where(col("newest").equalTo(1));
    return table.join(
        latest,
        table
            .col(job)
            .equalTo(latest.col("latest_job"))
            .and(table.col(runId).equalTo(latest.col("latest_run"))));
  }

  private static List<JobSteps> steps(Dataset<Row> logs) {
    List<Row> rows =
        latestRunOfEachJob(
                logs,
                BenchmarkLogsTable.JOB,
                BenchmarkLogsTable.RUN_ID,
                col(BenchmarkLogsTable.STARTED_AT))
            .select(
                BenchmarkLogsTable.JOB,
                BenchmarkLogsTable.RUN_ID,
                BenchmarkLogsTable.STARTED_AT,
                BenchmarkLogsTable.GIT_COMMIT,
                BenchmarkLogsTable.STEP,
                BenchmarkLogsTable.COUNT,
                BenchmarkLogsTable.DURATION_MS,
                BenchmarkLogsTable.ROWS)
            .collectAsList();
    Map<String, List<Row>> byJob = new LinkedHashMap<>();
    rows.stream()
        .sorted(Comparator.comparing((Row r) -> r.getString(0)))
        .forEach(r -> byJob.computeIfAbsent(r.getString(0), j -> new ArrayList<>()).add(r));
    List<JobSteps> steps = new ArrayList<>();
    byJob.forEach(
        (job, jobRows) -> {
          Row first = jobRows.get(0);
          List<Step> jobSteps =
              jobRows.stream()
                  .map(
                      r ->
                          new Step(
                              r.getString(4),
                              r.getLong(5),
                              r.getLong(6),
                              r.isNullAt(7) ? Optional.empty() : Optional.of(r.getLong(7))))
                  .sorted(
                      Comparator.comparing(
                              (Step s) -> !s.name().equals(BenchmarkLogsTable.RUN_STEP))
                          .thenComparing(Comparator.comparingLong(Step::durationMs).reversed()))
                  .toList();
          steps.add(
              new JobSteps(
                  job,
                  first.getString(1),
                  first.getTimestamp(2).toInstant(),
                  first.getString(3),
                  jobSteps));
        });
    return steps;
  }

  private static List<JobTasks> tasks(Dataset<Row> stages) {
    return latestRunOfEachJob(stages, TaskMetricsTable.JOB, TaskMetricsTable.RUN_ID, stageTime())
        .groupBy(TaskMetricsTable.JOB, TaskMetricsTable.RUN_ID)
        .agg(
            min(stageTime()),
            count(lit(1)),
            sum(when(col(TaskMetricsTable.FAILURE_REASON).isNotNull(), 1L).otherwise(0L)),
            sum(TaskMetricsTable.NUM_TASKS),
            sum(TaskMetricsTable.EXECUTOR_RUN_TIME_MS),
            sum(TaskMetricsTable.EXECUTOR_CPU_TIME_MS),
            sum(TaskMetricsTable.JVM_GC_TIME_MS),
            sum(TaskMetricsTable.SHUFFLE_READ_BYTES),
            sum(TaskMetricsTable.SHUFFLE_WRITE_BYTES),
            sum(
                col(TaskMetricsTable.MEMORY_BYTES_SPILLED)
                    .plus(col(TaskMetricsTable.DISK_BYTES_SPILLED))),
            sum(TaskMetricsTable.INPUT_RECORDS),
            sum(TaskMetricsTable.OUTPUT_RECORDS))
        .orderBy(TaskMetricsTable.JOB)
        .collectAsList()
        .stream()
        .map(
            r ->
                new JobTasks(
                    r.getString(0),
                    r.getString(1),
                    r.isNullAt(2) ? Instant.EPOCH : r.getTimestamp(2).toInstant(),
                    r.getLong(3),
                    r.getLong(4),
                    r.getLong(5),
                    r.getLong(6),
                    r.getLong(7),
                    r.getLong(8),
                    r.getLong(9),
                    r.getLong(10),
                    r.getLong(11),
                    r.getLong(12),
                    r.getLong(13)))
        .toList();
  }
}
