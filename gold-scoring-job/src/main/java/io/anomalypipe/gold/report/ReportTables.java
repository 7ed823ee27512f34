package io.anomalypipe.gold.report;

import io.anomalypipe.common.config.StorageLayout;
import io.delta.tables.DeltaTable;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The pipeline's tables as the report reads them: each one at its path under the tables root, or
 * empty when no Delta table is there yet (the page then says "not written yet").
 */
final class ReportTables {
  private final SparkSession spark;
  private final StorageLayout storage;
  private final Map<String, Optional<Dataset<Row>>> opened = new HashMap<>();

  ReportTables(SparkSession spark, StorageLayout storage) {
    this.spark = spark;
    this.storage = storage;
  }

  SparkSession spark() {
    return spark;
  }

  String path(String table) {
    return storage.tablePath(table);
  }

  /** The table's latest version, or empty when it does not exist. */
  Optional<Dataset<Row>> read(String table) {
    return opened.computeIfAbsent(
        table,
        name ->
            DeltaTable.isDeltaTable(spark, path(name))
                ? Optional.of(spark.read().format("delta").load(path(name)))
                : Optional.empty());
  }

  boolean exists(String table) {
    return read(table).isPresent();
  }
}
