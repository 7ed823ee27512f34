package io.anomalypipe.common.observability;

import io.anomalypipe.common.spark.DeltaTableDefinition;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends metrics rows to their Delta table — and never fails or stops the job doing it: a write
 * that fails (storage down, a concurrent creation) is logged with what was lost, and the job goes
 * on. Blind appends from several jobs at once do not conflict in Delta.
 */
final class MetricsWriter {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsWriter.class);

  private MetricsWriter() {}

  /** Whether a Delta table is at {@code path}: one file-system call, no log replay. */
  private static boolean deltaLogExists(SparkSession spark, String path) throws IOException {
    Path log = new Path(path, "_delta_log");
    return log.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(log);
  }

  /** Appends {@code rows} (in the definition's schema) to the table at {@code path}. */
  static boolean append(
      SparkSession spark, DeltaTableDefinition table, String path, List<Row> rows) {
    if (rows.isEmpty()) {
      return true;
    }
    try {
      if (!deltaLogExists(spark, path)) {
        table.createIfNotExists(spark, path);
      }
      // a local relation: one task, no shuffle
      spark.createDataFrame(rows, table.schema()).write().format("delta").mode("append").save(path);
      return true;
    } catch (Exception e) { // Spark's AnalysisException is checked in Java terms
      LOG.atWarn()
          .addKeyValue("table", table.name())
          .addKeyValue("rows_lost", rows.size())
          .addKeyValue("error", e.toString())
          .log("metrics not written to {}; the job goes on", table.name());
      return false;
    }
  }
}
