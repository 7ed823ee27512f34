package io.anomalypipe.gold.report;

import io.anomalypipe.common.schema.Tables;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * Everything the report shows, gathered with Spark aggregates: counts, newest times, histogram
 * bins, time buckets, the top events and each job's latest run reach the driver; rows never do.
 *
 * @param generatedAt the "now" of the freshness figures
 * @param range the dates covered
 * @param tablesRoot where the tables were read
 * @param written the tables that exist (the others are "not written yet")
 * @param monitor the latest monitor run in range, when {@code monitor_logs} has one
 */
public record ReportData(
    Instant generatedAt,
    ReportRange range,
    String tablesRoot,
    Set<String> written,
    LayerFigures layers,
    Optional<MonitorFigures> monitor,
    ScoreFigures scores,
    RunFigures runs,
    List<TableHistory> history) {

  /** The observability tables the report reads besides the data tables. */
  static final List<String> OBSERVABILITY_TABLES =
      List.of(
          Tables.PIPELINE_METRICS,
          Tables.TASK_METRICS,
          Tables.BENCHMARK_LOGS,
          Tables.MONITOR_LOGS,
          Tables.AUDIT_HISTORY);

  public ReportData {
    written = Set.copyOf(written);
    history = List.copyOf(history);
  }

  public static ReportData collect(SparkSession spark, ReportConfig config, Instant now) {
    ReportTables tables = new ReportTables(spark, config.storage());
    ReportRange range = config.range();
    Set<String> written = new TreeSet<>();
    Stream.concat(Tables.PIPELINE_DATA_TABLES.stream(), OBSERVABILITY_TABLES.stream())
        .filter(tables::exists)
        .forEach(written::add);
    return new ReportData(
        now,
        range,
        config.storage().tablesRoot(),
        written,
        LayerFigures.measure(tables, range),
        MonitorFigures.measure(tables, range),
        ScoreFigures.measure(tables, range, config.rateBucket(), config.topAnomalies()),
        RunFigures.measure(tables, range),
        TableHistory.measure(tables, range, config.historyCommits()));
  }

  public boolean isWritten(String table) {
    return written.contains(table);
  }

  /** The rows of a data table in range; empty when it is not written yet. */
  public Optional<Long> rows(String table) {
    return Optional.ofNullable(layers.rows().get(table));
  }
}
