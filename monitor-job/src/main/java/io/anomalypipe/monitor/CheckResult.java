package io.anomalypipe.monitor;

import io.anomalypipe.common.schema.MonitorLogsTable;
import java.util.Map;

/**
 * One check's verdict: its value against its threshold, and the particulars (per partition, per
 * reason...) for {@code monitor_logs.details_json}.
 *
 * @param value null when the check could not be measured (the reason is in the details)
 * @param threshold null for a check with no limit
 */
public record CheckResult(
    String check,
    String layer,
    Double value,
    Double threshold,
    String status,
    Map<String, Object> details) {

  public CheckResult {
    details = Map.copyOf(details);
  }

  /** OK at or below {@code threshold}, BREACH above. */
  public static CheckResult atMost(
      String check, String layer, double value, double threshold, Map<String, Object> details) {
    return new CheckResult(
        check,
        layer,
        value,
        threshold,
        value <= threshold ? MonitorLogsTable.OK : MonitorLogsTable.BREACH,
        details);
  }

  /** A check that had nothing to measure (a table not written yet): OK, with the reason. */
  public static CheckResult notMeasured(String check, String layer, String reason) {
    return new CheckResult(check, layer, null, null, MonitorLogsTable.OK, Map.of("note", reason));
  }

  public boolean breached() {
    return MonitorLogsTable.BREACH.equals(status);
  }
}
