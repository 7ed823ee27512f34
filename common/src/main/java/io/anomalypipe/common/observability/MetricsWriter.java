package io.anomalypipe.common.observability;

import io.anomalypipe.common.spark.DeltaTableDefinition;
import java.util.List;
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

  /** Appends {@code rows} (in the definition's schema) to the table at {@code path}. */
  static boolean append(
      SparkSession spark, DeltaTableDefinition table, String path, List<Row> rows) {
    if (rows.isEmpty()) {
      return true;
    }
    try {
      table.createIfNotExists(spark, path);
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
