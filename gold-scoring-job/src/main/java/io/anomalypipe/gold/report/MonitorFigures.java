package io.anomalypipe.gold.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anomalypipe.common.schema.MonitorLogsTable;
import io.anomalypipe.common.schema.Tables;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The latest monitor run's checks ({@code monitor_logs}): its freshness, lag, latency, rate and
 * drift checks with their values, thresholds and verdicts.
 *
 * @param runId the monitor run
 * @param checkedAt when it ran (its newest check)
 * @param checks its checks, worst status first, then by layer and name
 */
record MonitorFigures(String runId, Instant checkedAt, List<Check> checks) {

  /** The prefix of the drift checks: {@code drift_psi_<feature>}, one per feature and score. */
  static final String DRIFT_PREFIX = "drift_psi_";

  private static final ObjectMapper JSON = new ObjectMapper();

  MonitorFigures {
    checks = List.copyOf(checks);
  }

  record Check(
      String name,
      String layer,
      Optional<Double> value,
      Optional<Double> threshold,
      String status,
      String details) {

    /**
     * The details for a person: the top-level fields as {@code name value}, nested values as their
     * JSON, cut at {@code max} characters; the raw text when it is not a JSON object.
     */
    String detailsSummary(int max) {
      String summary = details;
      try {
        JsonNode node = JSON.readTree(details);
        if (node != null && node.isObject()) {
          List<String> fields = new ArrayList<>();
          node.fields()
              .forEachRemaining(
                  f ->
                      fields.add(
                          f.getKey()
                              + " "
                              + (f.getValue().isValueNode()
                                  ? f.getValue().asText()
                                  : f.getValue().toString())));
          summary = String.join(", ", fields);
        }
      } catch (JsonProcessingException e) {
        // not JSON: shown as it is
      }
      return summary.length() <= max ? summary : summary.substring(0, max - 1) + "…";
    }

    int severity() {
      return switch (status) {
        case MonitorLogsTable.BREACH -> 2;
        case MonitorLogsTable.WARN -> 1;
        default -> 0;
      };
    }
  }

  /** The drift checks that measured something, by feature. */
  List<Check> drift() {
    return checks.stream()
        .filter(c -> c.name().startsWith(DRIFT_PREFIX) && c.value().isPresent())
        .sorted(Comparator.comparing(Check::name))
        .toList();
  }

  long count(String status) {
    return checks.stream().filter(c -> c.status().equals(status)).count();
  }

  /**
   * The latest monitor run in range; empty when the table does not exist or has no run in range.
   */
  static Optional<MonitorFigures> measure(ReportTables tables, ReportRange range) {
    return tables
        .read(Tables.MONITOR_LOGS)
        .flatMap(t -> latestRun(range.filter(t, MonitorLogsTable.CHECKED_AT)));
  }

  private static Optional<MonitorFigures> latestRun(Dataset<Row> logs) {
    List<Row> latest =
        logs.orderBy(desc(MonitorLogsTable.CHECKED_AT))
            .select(MonitorLogsTable.MONITOR_RUN_ID)
            .limit(1)
            .collectAsList();
    if (latest.isEmpty()) {
      return Optional.empty();
    }
    String runId = latest.get(0).getString(0);
    List<Row> rows =
        logs.where(col(MonitorLogsTable.MONITOR_RUN_ID).equalTo(runId))
            .select(
                MonitorLogsTable.CHECK,
                MonitorLogsTable.LAYER,
                MonitorLogsTable.VALUE,
                MonitorLogsTable.THRESHOLD,
                MonitorLogsTable.STATUS,
                MonitorLogsTable.DETAILS_JSON,
                MonitorLogsTable.CHECKED_AT)
            .collectAsList();
    Instant checkedAt =
        rows.stream()
            .map(r -> r.getTimestamp(6).toInstant())
            .max(Comparator.naturalOrder())
            .orElseThrow();
    List<Check> checks =
        rows.stream()
            .map(
                r ->
                    new Check(
                        r.getString(0),
                        r.getString(1),
                        r.isNullAt(2) ? Optional.empty() : Optional.of(r.getDouble(2)),
                        r.isNullAt(3) ? Optional.empty() : Optional.of(r.getDouble(3)),
                        r.getString(4),
                        r.isNullAt(5) ? "" : r.getString(5)))
            .sorted(
                Comparator.comparingInt(Check::severity)
                    .reversed()
                    .thenComparing(Check::layer)
                    .thenComparing(Check::name))
            .toList();
    return Optional.of(new MonitorFigures(runId, checkedAt, checks));
  }
}
