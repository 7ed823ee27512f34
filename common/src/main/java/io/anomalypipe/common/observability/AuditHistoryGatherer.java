package io.anomalypipe.common.observability;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import io.anomalypipe.common.config.StorageLayout;
import io.anomalypipe.common.schema.AuditHistoryTable;
import io.anomalypipe.common.schema.Tables;
import io.delta.tables.DeltaTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Copies the Delta history of every pipeline table into {@code audit_history}, incrementally: per
 * table only the versions after the newest one already gathered. Delta keeps its log for a limited
 * time ({@code delta.logRetentionDuration}, 30 days); the copy keeps lineage queryable after.
 */
public final class AuditHistoryGatherer {

  private AuditHistoryGatherer() {}

  /**
   * Gathers what is new for each of {@link Tables#PIPELINE_DATA_TABLES} that exists; returns the
   * versions added per table.
   */
  public static Map<String, Long> gather(SparkSession spark, StorageLayout storage) {
    String auditPath = storage.tablePath(Tables.AUDIT_HISTORY);
    AuditHistoryTable.DEFINITION.createIfNotExists(spark, auditPath);
    Map<String, Long> gathered = newestGathered(spark, auditPath);
    Dataset<Row> added = null;
    Map<String, Long> counts = new HashMap<>();
    for (String table : Tables.PIPELINE_DATA_TABLES) {
      String path = storage.tablePath(table);
      if (!DeltaTable.isDeltaTable(spark, path)) {
        continue;
      }
      Dataset<Row> history =
          historyRows(
              DeltaTable.forPath(spark, path)
                  .history()
                  .where(col("version").gt(gathered.getOrDefault(table, -1L))),
              table,
              path);
      added = added == null ? history : added.unionByName(history);
    }
    if (added == null) {
      return counts;
    }
    List<Row> rows = added.collectAsList();
    for (Row row : rows) {
      counts.merge(row.getAs(AuditHistoryTable.TABLE_NAME), 1L, Long::sum);
    }
    if (!rows.isEmpty()) {
      spark
          .createDataFrame(rows, AuditHistoryTable.SCHEMA)
          .write()
          .format("delta")
          .mode("append")
          .save(auditPath);
    }
    return counts;
  }

  /** {@code DESCRIBE HISTORY} rows as {@code audit_history} rows (schema order). */
  static Dataset<Row> historyRows(Dataset<Row> history, String table, String path) {
    Column[] columns = {
      lit(table).as(AuditHistoryTable.TABLE_NAME),
      lit(path).as(AuditHistoryTable.TABLE_PATH),
      col("version").as(AuditHistoryTable.VERSION),
      col("timestamp").as(AuditHistoryTable.COMMITTED_AT),
      col("operation").as(AuditHistoryTable.OPERATION),
      col("operationParameters").as(AuditHistoryTable.OPERATION_PARAMETERS),
      col("operationMetrics").as(AuditHistoryTable.OPERATION_METRICS),
      col("userMetadata").as(AuditHistoryTable.USER_METADATA),
      col("readVersion").as(AuditHistoryTable.READ_VERSION),
      col("isBlindAppend").as(AuditHistoryTable.IS_BLIND_APPEND),
      col("engineInfo").as(AuditHistoryTable.ENGINE_INFO),
      current_timestamp().as(AuditHistoryTable.GATHERED_AT)
    };
    return history.select(columns);
  }

  private static Map<String, Long> newestGathered(SparkSession spark, String auditPath) {
    Map<String, Long> newest = new HashMap<>();
    for (Row row :
        spark
            .read()
            .format("delta")
            .load(auditPath)
            .groupBy(AuditHistoryTable.TABLE_NAME)
            .agg(max(AuditHistoryTable.VERSION))
            .collectAsList()) {
      newest.put(row.getString(0), row.getLong(1));
    }
    return newest;
  }
}
