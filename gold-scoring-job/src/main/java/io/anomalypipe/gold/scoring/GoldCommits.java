package io.anomalypipe.gold.scoring;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Finds the commit a write of the Gold job made by the tag it put in the commit's {@code
 * userMetadata}. A replayed micro-batch's idempotent MERGE that Delta skips (an earlier attempt
 * committed it) reports nothing itself; its version and row counts are read from the earlier
 * attempt's commit instead.
 */
final class GoldCommits {

  /** Recent commits searched first; a batch's own commit is normally the latest. */
  static final int RECENT_COMMITS = 20;

  /** One commit of a table: its version, tag and operation metrics. */
  record Commit(long version, String userMetadata, Map<String, String> metrics) {

    /** A count from the commit's operation metrics; 0 if the operation did not report it. */
    long metric(String name) {
      String value = metrics.get(name);
      return value == null ? 0L : Long.parseLong(value);
    }
  }

  private GoldCommits() {}

  /** The commit whose {@code userMetadata} starts with {@code tagPrefix}, if any. */
  static Optional<Commit> find(SparkSession spark, String tablePath, String tagPrefix) {
    DeltaTable table = DeltaTable.forPath(spark, tablePath);
    Optional<Commit> recent = find(table.history(RECENT_COMMITS), tagPrefix);
    return recent.isPresent() ? recent : find(table.history(), tagPrefix);
  }

  /** The latest version of the Delta table at {@code tablePath}. */
  static long latestVersion(SparkSession spark, String tablePath) {
    return DeltaTable.forPath(spark, tablePath).history(1).head().getLong(0);
  }

  private static Optional<Commit> find(Dataset<Row> history, String tagPrefix) {
    List<Row> rows =
        history
            .where(col("userMetadata").startsWith(tagPrefix))
            .select("version", "userMetadata", "operationMetrics")
            .collectAsList();
    if (rows.size() > 1) {
      throw new IllegalStateException(
          "more than one commit is tagged " + tagPrefix + ": versions " + rows);
    }
    return rows.stream()
        .findFirst()
        .map(
            row ->
                new Commit(
                    row.getLong(0),
                    row.getString(1),
                    row.isNullAt(2) ? Map.of() : Map.copyOf(row.<String, String>getJavaMap(2))));
  }
}
