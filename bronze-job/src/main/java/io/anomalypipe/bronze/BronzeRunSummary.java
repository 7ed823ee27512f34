package io.anomalypipe.bronze;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What one run of the Bronze job appended, read from the Delta log: the commits after the version
 * the table had when the run started that the run's streaming query made (the Delta sink records
 * the query id in each commit's parameters). The plain line the job prints when it ends.
 */
public record BronzeRunSummary(String tablePath, long commits, long rows, long latestVersion) {

  /** The table's latest version, or -1 before the table exists. */
  static long latestVersion(SparkSession spark, String tablePath) {
    if (!DeltaTable.isDeltaTable(spark, tablePath)) {
      return -1;
    }
    return DeltaTable.forPath(spark, tablePath).history(1).head().getLong(0);
  }

  static BronzeRunSummary measure(
      SparkSession spark, String tablePath, long versionBefore, UUID queryId) {
    List<Row> commits =
        DeltaTable.forPath(spark, tablePath)
            .history()
            .where(
                col("version")
                    .gt(versionBefore)
                    .and(col("operationParameters").getItem("queryId").equalTo(queryId.toString())))
            .select(col("version"), col("operationMetrics").getItem("numOutputRows"))
            .collectAsList();
    long rows = commits.stream().mapToLong(row -> Long.parseLong(row.getString(1))).sum();
    return new BronzeRunSummary(tablePath, commits.size(), rows, latestVersion(spark, tablePath));
  }

  public String line() {
    return String.format(
        Locale.ROOT,
        "bronze: %,d Kafka records appended in %,d micro-batch(es) to %s (table version %d)",
        rows,
        commits,
        tablePath,
        latestVersion);
  }
}
