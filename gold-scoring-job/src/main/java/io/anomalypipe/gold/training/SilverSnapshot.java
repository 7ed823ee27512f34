package io.anomalypipe.gold.training;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code silver_events} pinned at one Delta version, so that everything a training run reads comes
 * from the same table state and the run can record which one (a rerun on that version gives the
 * same model).
 */
public record SilverSnapshot(String path, long version, Dataset<Row> rows) {

  /** The latest version of the Silver table at {@code path}. */
  public static SilverSnapshot latest(SparkSession spark, String path) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      throw new IllegalStateException(
          "no Silver table at " + path + ": run the Silver job (bin/silver) before training");
    }
    long version = DeltaTable.forPath(spark, path).history(1).head().getLong(0);
    Dataset<Row> rows = spark.read().format("delta").option("versionAsOf", version).load(path);
    return new SilverSnapshot(path, version, rows);
  }
}
