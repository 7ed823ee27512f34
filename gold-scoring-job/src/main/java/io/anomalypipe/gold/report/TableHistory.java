package io.anomalypipe.gold.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;

import io.anomalypipe.common.schema.AuditHistoryTable;
import io.anomalypipe.common.schema.Tables;
import io.delta.tables.DeltaTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * A pipeline table's Delta history in range: how many commits, and the latest few. From {@code
 * audit_history} when it holds the table (one query for all tables), else from the table's own
 * Delta log ({@code DESCRIBE HISTORY}).
 *
 * @param written whether the table exists
 * @param source where the commits come from
 * @param commitsInRange commits in range
 * @param firstCommit the oldest of those
 * @param latest the newest commits, newest first
 */
record TableHistory(
    String table,
    boolean written,
    Source source,
    long commitsInRange,
    Optional<Instant> firstCommit,
    List<Commit> latest) {

  TableHistory {
    latest = List.copyOf(latest);
  }

  enum Source {
    AUDIT_HISTORY("audit_history"),
    DELTA_LOG("DESCRIBE HISTORY"),
    NONE("-");

    final String label;

    Source(String label) {
      this.label = label;
    }
  }

  /**
   * One commit.
   *
   * @param rows rows the commit wrote (inserted, for a MERGE), when Delta counted them
   * @param files files it added, when Delta counted them
   */
  record Commit(
      long version,
      Optional<Instant> at,
      String operation,
      Optional<Long> rows,
      Optional<Long> files,
      Optional<Long> readVersion) {}

  private static final String RANK = "history_rank";

  static List<TableHistory> measure(ReportTables tables, ReportRange range, int latest) {
    Map<String, List<Row>> audited = new HashMap<>();
    Map<String, Row> auditTotals = new HashMap<>();
    tables
        .read(Tables.AUDIT_HISTORY)
        .ifPresent(
            audit -> {
              Dataset<Row> inRange = range.filter(audit, AuditHistoryTable.COMMITTED_AT);
              for (Row r :
                  inRange
                      .groupBy(AuditHistoryTable.TABLE_NAME)
                      .agg(count(lit(1)), min(AuditHistoryTable.COMMITTED_AT))
                      .collectAsList()) {
                auditTotals.put(r.getString(0), r);
              }
              for (Row r :
                  commitColumns(
                          inRange
                              .withColumn(
                                  RANK,
                                  row_number()
                                      .over(
                                          Window.partitionBy(AuditHistoryTable.TABLE_NAME)
                                              .orderBy(desc(AuditHistoryTable.VERSION))))
                              .where(col(RANK).leq(latest)),
                          AuditHistoryTable.TABLE_NAME,
                          AuditHistoryTable.VERSION,
                          AuditHistoryTable.COMMITTED_AT,
                          AuditHistoryTable.OPERATION,
                          AuditHistoryTable.OPERATION_METRICS,
                          AuditHistoryTable.READ_VERSION)
                      .orderBy(desc(AuditHistoryTable.VERSION))
                      .collectAsList()) {
                audited.computeIfAbsent(r.getString(0), t -> new ArrayList<>()).add(r);
              }
            });
    List<TableHistory> histories = new ArrayList<>();
    for (String table : Tables.PIPELINE_DATA_TABLES) {
      if (!tables.exists(table)) {
        histories.add(new TableHistory(table, false, Source.NONE, 0, Optional.empty(), List.of()));
      } else if (auditTotals.containsKey(table)) {
        Row totals = auditTotals.get(table);
        histories.add(
            new TableHistory(
                table,
                true,
                Source.AUDIT_HISTORY,
                totals.getLong(1),
                LayerFigures.instant(totals, 2),
                audited.get(table).stream().map(TableHistory::commit).toList()));
      } else {
        histories.add(fromDeltaLog(tables, range, table, latest));
      }
    }
    return histories;
  }

  private static TableHistory fromDeltaLog(
      ReportTables tables, ReportRange range, String table, int latest) {
    Dataset<Row> history =
        range.filter(DeltaTable.forPath(tables.spark(), tables.path(table)).history(), "timestamp");
    Row totals = history.agg(count(lit(1)), min("timestamp")).first();
    List<Commit> commits =
        commitColumns(
                history.orderBy(desc("version")).limit(latest),
                "'" + table + "'",
                "version",
                "timestamp",
                "operation",
                "operationMetrics",
                "readVersion")
            .orderBy(desc("version"))
            .collectAsList()
            .stream()
            .map(TableHistory::commit)
            .toList();
    return new TableHistory(
        table, true, Source.DELTA_LOG, totals.getLong(0), LayerFigures.instant(totals, 1), commits);
  }

  /** (table, version, time, operation, metrics map, read version) under fixed names. */
  private static Dataset<Row> commitColumns(
      Dataset<Row> history,
      String table,
      String version,
      String at,
      String operation,
      String metrics,
      String readVersion) {
    return history.selectExpr(
        table + " AS table_name",
        version + " AS version",
        at + " AS committed_at",
        operation + " AS operation",
        metrics + " AS metrics",
        readVersion + " AS read_version");
  }

  private static Commit commit(Row r) {
    Map<String, String> metrics = r.isNullAt(4) ? Map.of() : r.getJavaMap(4);
    return new Commit(
        r.getLong(1),
        LayerFigures.instant(r, 2),
        r.isNullAt(3) ? "" : r.getString(3),
        firstNumber(metrics, "numTargetRowsInserted", "numOutputRows"),
        firstNumber(metrics, "numTargetFilesAdded", "numFiles", "numAddedFiles"),
        r.isNullAt(5) ? Optional.empty() : Optional.of(r.getLong(5)));
  }

  private static Optional<Long> firstNumber(Map<String, String> metrics, String... keys) {
    for (String key : keys) {
      String value = metrics.get(key);
      if (value != null) {
        try {
          return Optional.of(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
          // a metric Delta writes as something else: look at the next name
        }
      }
    }
    return Optional.empty();
  }
}
