package io.anomalypipe.gold.report;

import io.anomalypipe.common.schema.MonitorLogsTable;
import io.anomalypipe.common.schema.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's one-word answer, from what it gathered: BREACH when Silver batches do not reconcile
 * or the latest monitor run breached a check; WARN when something is behind or missing (events not
 * scored yet, Bronze rows Silver has not read, tables not written, warnings, failed stages); OK
 * otherwise. Each reason is a sentence for the page's header.
 */
public record Verdict(String status, List<String> reasons) {

  public Verdict {
    reasons = List.copyOf(reasons);
  }

  public String headline() {
    return switch (status) {
      case MonitorLogsTable.BREACH -> "Broken: needs action";
      case MonitorLogsTable.WARN -> "Needs a look";
      default -> "Healthy: every layer reconciles";
    };
  }

  public static Verdict of(ReportData data) {
    List<String> breaches = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    LayerFigures layers = data.layers();

    List<String> missing =
        Tables.PIPELINE_DATA_TABLES.stream().filter(t -> !data.isWritten(t)).toList();
    if (missing.size() == Tables.PIPELINE_DATA_TABLES.size()) {
      warnings.add("Nothing written yet under " + data.tablesRoot() + ".");
    } else if (!missing.isEmpty()) {
      warnings.add("Not written yet: " + String.join(", ", missing) + ".");
    }
    layers
        .silverAudit()
        .filter(a -> a.notReconciled() > 0)
        .ifPresent(
            a ->
                breaches.add(
                    count(a.notReconciled(), "Silver batch", "Silver batches")
                        + " do not reconcile (Bronze rows ≠ inserted + quarantined +"
                        + " duplicates)."));
    layers
        .bronzeNotReadBySilver()
        .filter(n -> n > 0 && data.isWritten(Tables.SILVER_EVENTS))
        .ifPresent(
            n -> warnings.add(count(n, "Bronze row", "Bronze rows") + " not read by Silver yet."));
    layers
        .gold()
        .ifPresent(
            g -> {
              if (g.notScored() > 0 && data.isWritten(Tables.GOLD_ANOMALY_PREDICTIONS)) {
                warnings.add(
                    count(g.notScored(), "Silver event", "Silver events") + " not scored yet.");
              }
              if (g.scored() != g.predictions()) {
                warnings.add(
                    String.format(
                        Locale.ROOT,
                        "The Gold tables disagree: %,d scored rows, %,d prediction rows.",
                        g.scored(),
                        g.predictions()));
              }
            });
    data.monitor()
        .ifPresent(
            m -> {
              List<String> breached = names(m, MonitorLogsTable.BREACH);
              if (!breached.isEmpty()) {
                breaches.add(
                    count(breached.size(), "monitor check", "monitor checks")
                        + " in BREACH: "
                        + String.join(", ", breached)
                        + ".");
              }
              List<String> warned = names(m, MonitorLogsTable.WARN);
              if (!warned.isEmpty()) {
                warnings.add(
                    count(warned.size(), "monitor check", "monitor checks")
                        + " at WARN: "
                        + String.join(", ", warned)
                        + ".");
              }
            });
    long failedStages =
        data.runs().tasks().stream().mapToLong(RunFigures.JobTasks::failedStages).sum();
    if (failedStages > 0) {
      warnings.add(
          count(failedStages, "Spark stage", "Spark stages") + " failed in the latest runs.");
    }
    List<String> reasons = new ArrayList<>(breaches);
    reasons.addAll(warnings);
    String status =
        !breaches.isEmpty()
            ? MonitorLogsTable.BREACH
            : !warnings.isEmpty() ? MonitorLogsTable.WARN : MonitorLogsTable.OK;
    return new Verdict(status, reasons);
  }

  private static List<String> names(MonitorFigures monitor, String status) {
    return monitor.checks().stream()
        .filter(c -> c.status().equals(status))
        .map(MonitorFigures.Check::name)
        .toList();
  }

  private static String count(long n, String one, String many) {
    return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? one : many);
  }
}
