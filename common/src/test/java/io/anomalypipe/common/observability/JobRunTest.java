package io.anomalypipe.common.observability;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.anomalypipe.common.config.StorageLayout;
import io.anomalypipe.common.schema.AuditHistoryTable;
import io.anomalypipe.common.schema.BenchmarkLogsTable;
import io.anomalypipe.common.schema.PipelineMetricsTable;
import io.anomalypipe.common.schema.Tables;
import io.anomalypipe.common.schema.TaskMetricsTable;
import io.anomalypipe.common.testing.SparkTestSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job run's metrics, from a real streaming query into a real Delta table: one {@code
 * pipeline_metrics} row per micro-batch the query reports, {@code task_metrics} with the stages'
 * CPU time and records, {@code benchmark_logs} with each recorded step and the whole run, and
 * {@code audit_history} gathered incrementally.
 */
class JobRunTest {

  @RegisterExtension static final SparkTestSession SPARK = new SparkTestSession();

  @TempDir Path dir;

  @Test
  void aRunRecordsEveryMicroBatchEveryStageAndEveryStep() throws Exception {
    SparkSession spark = SPARK.session();
    StorageLayout storage = storage();
    String runId = UUID.randomUUID().toString();
    StreamingQuery query;
    try (JobRun run =
        JobRun.start(
            spark,
            new RunIdentity("bronze-job", "bronze", runId),
            new ObservabilitySettings(true, Duration.ofHours(1), storage),
            "conf/test.conf")) {
      query = threeBatchesInto(spark, storage.tablePath(Tables.BRONZE_EVENTS));
      JobRun.recordStep("merge_ms", 40, 1_000);
      JobRun.recordStep("merge_ms", 60, 3_000);
    }

    StreamingQueryProgress[] progress = query.recentProgress();
    List<Row> batches =
        table(spark, storage, Tables.PIPELINE_METRICS)
            .where(col(PipelineMetricsTable.RUN_ID).equalTo(runId))
            .orderBy(PipelineMetricsTable.BATCH_ID)
            .collectAsList();
    assertThat(batches)
        .extracting(row -> row.<Long>getAs(PipelineMetricsTable.BATCH_ID))
        .as("one row per progress report of the query")
        .containsExactlyElementsOf(
            Arrays.stream(progress).map(StreamingQueryProgress::batchId).toList());
    assertThat(batches)
        .extracting(row -> row.<Long>getAs(PipelineMetricsTable.NUM_INPUT_ROWS))
        .containsExactlyElementsOf(
            Arrays.stream(progress).map(StreamingQueryProgress::numInputRows).toList());
    assertThat(batches.get(0).<String>getAs(PipelineMetricsTable.QUERY_ID))
        .isEqualTo(query.id().toString());
    Map<String, Long> durations =
        batches.get(0).getJavaMap(batches.get(0).fieldIndex(PipelineMetricsTable.DURATION_MS));
    assertThat(durations).containsKey("triggerExecution");
    assertThat(batches.get(0).getList(batches.get(0).fieldIndex(PipelineMetricsTable.SOURCES)))
        .hasSize(1);

    Row stages =
        table(spark, storage, Tables.TASK_METRICS)
            .where(col(TaskMetricsTable.RUN_ID).equalTo(runId))
            .agg(
                org.apache.spark.sql.functions.count("*"),
                org.apache.spark.sql.functions.sum(TaskMetricsTable.EXECUTOR_CPU_TIME_MS),
                org.apache.spark.sql.functions.sum(TaskMetricsTable.OUTPUT_RECORDS))
            .head();
    assertThat(stages.getLong(0)).as("stages").isPositive();
    assertThat(stages.getLong(1)).as("CPU ms").isPositive();
    assertThat(stages.getLong(2)).as("records written").isGreaterThanOrEqualTo(30);

    List<Row> steps =
        table(spark, storage, Tables.BENCHMARK_LOGS)
            .where(col(BenchmarkLogsTable.RUN_ID).equalTo(runId))
            .collectAsList();
    assertThat(steps)
        .extracting(row -> row.<String>getAs(BenchmarkLogsTable.STEP))
        .containsExactlyInAnyOrder("merge_ms", BenchmarkLogsTable.RUN_STEP);
    Row merge =
        steps.stream()
            .filter(row -> row.getAs(BenchmarkLogsTable.STEP).equals("merge_ms"))
            .findFirst()
            .orElseThrow();
    assertThat(merge.<Long>getAs(BenchmarkLogsTable.COUNT)).isEqualTo(2);
    assertThat(merge.<Long>getAs(BenchmarkLogsTable.DURATION_MS)).isEqualTo(100);
    assertThat(merge.<Long>getAs(BenchmarkLogsTable.ROWS)).isEqualTo(4_000);
    assertThat(merge.<Double>getAs(BenchmarkLogsTable.ROWS_PER_SECOND)).isEqualTo(40_000.0);
    assertThat(merge.<String>getAs(BenchmarkLogsTable.CONFIG_PROFILE)).isEqualTo("conf/test.conf");
  }

  @Test
  void auditHistoryGathersEveryVersionOnceAndThenOnlyTheNewOnes() throws Exception {
    SparkSession spark = SPARK.session();
    StorageLayout storage = storage();
    String bronze = storage.tablePath(Tables.BRONZE_EVENTS);
    spark.range(5).write().format("delta").save(bronze);
    spark.range(5).write().format("delta").mode("append").save(bronze);

    assertThat(AuditHistoryGatherer.gather(spark, storage)).containsEntry(Tables.BRONZE_EVENTS, 2L);
    spark.range(5).write().format("delta").mode("append").save(bronze);
    assertThat(AuditHistoryGatherer.gather(spark, storage))
        .as("only the version added since")
        .containsExactly(Map.entry(Tables.BRONZE_EVENTS, 1L));
    assertThat(AuditHistoryGatherer.gather(spark, storage)).as("nothing new").isEmpty();

    List<Row> versions =
        table(spark, storage, Tables.AUDIT_HISTORY)
            .orderBy(AuditHistoryTable.VERSION)
            .collectAsList();
    assertThat(versions)
        .extracting(row -> row.<Long>getAs(AuditHistoryTable.VERSION))
        .containsExactly(0L, 1L, 2L);
    assertThat(versions)
        .extracting(row -> row.<String>getAs(AuditHistoryTable.OPERATION))
        .containsExactly("WRITE", "WRITE", "WRITE");
  }

  @Test
  void aMetricsWriteThatFailsIsLoggedAndTheJobGoesOn() {
    // a tables root that cannot hold a table: a file where the folder should be
    StorageLayout broken = new StorageLayout("/dev/null/tables", dir.resolve("c").toString());
    try (JobRun run =
        JobRun.start(
            SPARK.session(),
            new RunIdentity("silver-job", "silver", "run-x"),
            new ObservabilitySettings(true, Duration.ofHours(1), broken),
            "")) {
      JobRun.recordStep("merge_ms", 1, 1);
      SPARK.session().range(10).count();
    } // no exception: the job's outcome does not depend on its metrics
    assertThat(
            MetricsWriter.append(
                SPARK.session(),
                io.anomalypipe.common.schema.BenchmarkLogsTable.DEFINITION,
                "/dev/null/x",
                List.of(org.apache.spark.sql.RowFactory.create())))
        .as("the failed write reports itself")
        .isFalse();
  }

  /** A streaming query that writes three micro-batches of 10 rows each, then stops. */
  private StreamingQuery threeBatchesInto(SparkSession spark, String path) throws Exception {
    Path source = dir.resolve("source");
    spark.range(0, 10).write().parquet(source.resolve("a").toString());
    spark.range(10, 20).write().parquet(source.resolve("b").toString());
    spark.range(20, 30).write().parquet(source.resolve("c").toString());
    Dataset<Row> files =
        spark
            .readStream()
            .schema(spark.range(1).schema())
            .option("maxFilesPerTrigger", 2)
            .option("recursiveFileLookup", "true")
            .parquet(source.toString());
    StreamingQuery query =
        files
            .writeStream()
            .format("delta")
            .option("checkpointLocation", dir.resolve("checkpoint").toString())
            .trigger(Trigger.AvailableNow())
            .start(path);
    query.awaitTermination();
    // the listener bus delivers progress events on its own thread
    spark.sparkContext().listenerBus().waitUntilEmpty();
    return query;
  }

  private StorageLayout storage() {
    return new StorageLayout(
        dir.resolve("tables").toString(), dir.resolve("checkpoints").toString());
  }

  private static Dataset<Row> table(SparkSession spark, StorageLayout storage, String name) {
    return spark.read().format("delta").load(storage.tablePath(name));
  }
}
