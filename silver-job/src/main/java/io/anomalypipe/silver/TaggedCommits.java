package io.anomalypipe.silver;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Finds the commit a micro-batch made in a Delta table by the tag it wrote into the commit's {@code
 * userMetadata}, and reads the commit's operation metrics.
 *
 * <p>Needed because an idempotent write that Delta skips (its batch was committed by an earlier,
 * interrupted attempt) reports nothing: the counts of the batch must then come from the commit that
 * earlier attempt made.
 */
final class TaggedCommits {

  /** How many recent commits to search first; a batch's own commit is normally the last one. */
  static final int RECENT_COMMITS = 20;

  /** One commit of a table. */
  record Commit(long version, String userMetadata, Map<String, String> metrics) {

    long metric(String name) {
      String value = metrics.get(name);
      if (value == null) {
        throw new IllegalStateException(
            "commit " + version + " (" + userMetadata + ") has no metric " + name + ": " + metrics);
      }
      return Long.parseLong(value);
    }
  }

  private TaggedCommits() {}

  /**
   * The commit whose {@code userMetadata} starts with {@code tagPrefix}: searched among the recent
   * commits, then in the whole history (a replay after other writers committed in between).
   */
  static Optional<Commit> find(SparkSession spark, String tablePath, String tagPrefix) {
    DeltaTable table = DeltaTable.forPath(spark, tablePath);
    Optional<Commit> recent = find(table.history(RECENT_COMMITS), tagPrefix);
    return recent.isPresent() ? recent : find(table.history(), tagPrefix);
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
