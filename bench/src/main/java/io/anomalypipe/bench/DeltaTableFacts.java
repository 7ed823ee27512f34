package io.anomalypipe.bench;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** What a benchmark reports about a Delta table: from its snapshot and its history. */
final class DeltaTableFacts {

  /** Files and bytes of the table's current snapshot (not the files removed but not vacuumed). */
  record Size(long files, long bytes) {}

  private DeltaTableFacts() {}

  static Size size(SparkSession spark, String path) {
    Row detail = DeltaTable.forPath(spark, path).detail().first();
    return new Size(detail.<Long>getAs("numFiles"), detail.<Long>getAs("sizeInBytes"));
  }

  /** The operation metrics of one commit, sorted by name. */
  static Map<String, String> operationMetrics(SparkSession spark, String path, long version) {
    Row commit =
        DeltaTable.forPath(spark, path)
            .history()
            .where(col("version").equalTo(version))
            .select("operationMetrics")
            .first();
    return commit.isNullAt(0) ? Map.of() : new TreeMap<>(commit.<String, String>getJavaMap(0));
  }
}
