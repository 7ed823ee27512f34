package io.anomalypipe.gold.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.anomalypipe.common.schema.Tables;
import io.anomalypipe.gold.report.LayerFigures.Freshness;
import io.anomalypipe.gold.report.LayerFigures.GoldFigures;
import io.anomalypipe.gold.report.LayerFigures.SilverAudit;
import io.anomalypipe.gold.report.MonitorFigures.Check;
import io.anomalypipe.gold.report.RunFigures.Batch;
import io.anomalypipe.gold.report.RunFigures.JobSteps;
import io.anomalypipe.gold.report.RunFigures.JobTasks;
import io.anomalypipe.gold.report.RunFigures.Step;
import io.anomalypipe.gold.report.ScoreFigures.RateBucket;
import io.anomalypipe.gold.report.ScoreFigures.TopAnomaly;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The page and its verdict from hand-made figures: no Spark. */
class HtmlReportTest {

  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

  @Test
  void aHealthyRunIsOkAndThePageCarriesItsFigures() {
    ReportData data = sample(audit(0), Optional.empty(), 0);
    Verdict verdict = Verdict.of(data);
    assertThat(verdict.status()).isEqualTo("OK");
    assertThat(verdict.reasons()).isEmpty();

    String html = HtmlReport.render(data);
    assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
    assertThat(html).contains("Healthy: every layer reconciles");
    assertThat(rowsCell(html, Tables.BRONZE_EVENTS)).isEqualTo("1,260");
    assertThat(rowsCell(html, Tables.SILVER_EVENTS)).isEqualTo("1,200");
    assertThat(rowsCell(html, Tables.GOLD_ANOMALY_PREDICTIONS)).isEqualTo("1,200");
    assertThat(html)
        .contains("1,260 Bronze rows read = 1,200 inserted + 24 quarantined + 36 duplicates")
        .contains("data-reconciled=\"true\"")
        .contains("0.7433");
    // self-contained: no script, nothing fetched
    assertThat(html).doesNotContain("<script", "<link", "src=", "href=", "url(", "@import");
    assertThat(count(html, "<svg")).isGreaterThanOrEqualTo(8);
  }

  @Test
  void anUnreconciledBatchOrABreachedCheckBreaks() {
    ReportData unreconciled = sample(audit(2), Optional.empty(), 0);
    Verdict verdict = Verdict.of(unreconciled);
    assertThat(verdict.status()).isEqualTo("BREACH");
    assertThat(verdict.reasons())
        .containsExactly(
            "2 Silver batches do not reconcile (Bronze rows ≠ inserted + quarantined +"
                + " duplicates).");
    assertThat(HtmlReport.render(unreconciled)).contains("Broken: needs action");

    MonitorFigures monitor =
        new MonitorFigures(
            "monitor-1",
            NOW,
            List.of(
                check("late_rate", "BREACH", 0.54),
                check("freshness_gold", "WARN", 3_000),
                check("drift_psi_feature_log_value", "OK", 0.02)));
    Verdict breached = Verdict.of(sample(audit(0), Optional.of(monitor), 0));
    assertThat(breached.status()).isEqualTo("BREACH");
    assertThat(breached.reasons())
        .containsExactly(
            "1 monitor check in BREACH: late_rate.", "1 monitor check at WARN: freshness_gold.");
  }

  @Test
  void eventsNotScoredYetOnlyWarn() {
    Verdict verdict = Verdict.of(sample(audit(0), Optional.empty(), 30));
    assertThat(verdict.status()).isEqualTo("WARN");
    assertThat(verdict.reasons()).containsExactly("30 Silver events not scored yet.");
  }

  @Test
  void monitorChecksAreColouredAndDriftIsDrawnPerFeature() {
    MonitorFigures monitor =
        new MonitorFigures(
            "monitor-1",
            NOW,
            List.of(
                check("late_rate", "BREACH", 0.54),
                check("drift_psi_feature_log_value", "WARN", 0.12),
                check("drift_psi_anomaly_score", "OK", 0.01)));
    String html = HtmlReport.render(sample(audit(0), Optional.of(monitor), 0));
    assertThat(html)
        .contains("badge-BREACH\" style=\"background:" + Palette.RED)
        .contains("<code>late_rate</code>")
        .contains(">feature_log_value</text>")
        .contains(">anomaly_score</text>")
        .contains("fill=\"" + Palette.ORANGE + "\"/>")
        .contains("limit 0.250");
    // drift checks are drawn under Drift, not listed again with the other checks
    assertThat(html).doesNotContain("<code>drift_psi_feature_log_value</code>");
  }

  @Test
  void checkDetailsReadAsFieldsAndStayShort() {
    Check lag =
        new Check(
            "kafka_lag",
            "bronze",
            Optional.of(0.0),
            Optional.of(100_000.0),
            "OK",
            "{\"topic\":\"clickstream-events\",\"committed\":{\"0\":12409},\"lag\":0}");
    assertThat(lag.detailsSummary(100))
        .isEqualTo("topic clickstream-events, committed {\"0\":12409}, lag 0");
    assertThat(lag.detailsSummary(20)).hasSize(20).endsWith("…");
    Check plain = new Check("x", "gold", Optional.empty(), Optional.empty(), "OK", "not json");
    assertThat(plain.detailsSummary(100)).isEqualTo("not json");
  }

  @Test
  void tablesNotWrittenYetAreSaidSo() {
    ReportData empty =
        new ReportData(
            NOW,
            ReportRange.all(),
            "/data/tables",
            Set.of(),
            new LayerFigures(
                Map.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of(
                    new Freshness(
                        "bronze", Tables.BRONZE_EVENTS, Optional.empty(), Optional.empty()),
                    new Freshness(
                        "silver", Tables.SILVER_EVENTS, Optional.empty(), Optional.empty()),
                    new Freshness(
                        "gold", Tables.GOLD_EVENTS_SCORED, Optional.empty(), Optional.empty()))),
            Optional.empty(),
            new ScoreFigures(Optional.empty(), Duration.ofHours(1), List.of(), List.of()),
            new RunFigures(Map.of(), List.of(), List.of()),
            Tables.PIPELINE_DATA_TABLES.stream()
                .map(
                    t ->
                        new TableHistory(
                            t, false, TableHistory.Source.NONE, 0, Optional.empty(), List.of()))
                .toList());
    Verdict verdict = Verdict.of(empty);
    assertThat(verdict.status()).isEqualTo("WARN");
    assertThat(verdict.reasons()).containsExactly("Nothing written yet under /data/tables.");
    String html = HtmlReport.render(empty);
    for (String table : Tables.PIPELINE_DATA_TABLES) {
      assertThat(rowsCell(html, table)).isEqualTo("not written yet");
    }
    for (String table : ReportData.OBSERVABILITY_TABLES) {
      assertThat(html).contains("<code>" + table + "</code> not written yet");
    }
  }

  @Test
  void everyTextFromTheTablesIsEscaped() {
    ReportData data = sample(audit(0), Optional.empty(), 0, "<img src=x onerror=alert(1)>");
    String html = HtmlReport.render(data);
    assertThat(html).doesNotContain("<img").contains("&lt;img src=x onerror=alert(1)&gt;");
  }

  // ---- figures --------------------------------------------------------------------------------

  private static SilverAudit audit(long notReconciled) {
    return new SilverAudit(3, 1_260, 1_200, 24, 30, 6, notReconciled, 0);
  }

  private static Check check(String name, String status, double value) {
    return new Check(name, "gold", Optional.of(value), Optional.of(0.25), status, "{}");
  }

  private static ReportData sample(
      SilverAudit audit, Optional<MonitorFigures> monitor, long notScored) {
    return sample(audit, monitor, notScored, "page_view");
  }

  private static ReportData sample(
      SilverAudit audit, Optional<MonitorFigures> monitor, long notScored, String eventType) {
    Map<String, Long> rows = new LinkedHashMap<>();
    rows.put(Tables.BRONZE_EVENTS, 1_260L);
    rows.put(Tables.SILVER_EVENTS, 1_200L);
    rows.put(Tables.SILVER_QUARANTINE, 24L);
    rows.put(Tables.SILVER_BATCH_AUDIT, 3L);
    rows.put(Tables.GOLD_EVENTS_SCORED, 1_200L - notScored);
    rows.put(Tables.GOLD_ANOMALY_PREDICTIONS, 1_200L - notScored);
    Instant newest = NOW.minus(Duration.ofMinutes(20));
    Set<String> written = new HashSet<>(Tables.PIPELINE_DATA_TABLES);
    written.addAll(ReportData.OBSERVABILITY_TABLES);
    if (monitor.isEmpty()) {
      written.remove(Tables.MONITOR_LOGS);
    }
    long[] counts = new long[ScoreHistogram.DEFAULT_BINS];
    counts[20] = 900;
    counts[25] = 280;
    counts[37] = 20;
    Map<String, Double> features = new LinkedHashMap<>();
    features.put("feature_log_value", 5.3);
    features.put("feature_user_events_last_minute", 27.0);
    return new ReportData(
        NOW,
        ReportRange.all(),
        "/data/tables",
        written,
        new LayerFigures(
            rows,
            Optional.of(audit),
            Optional.of(0L),
            Optional.of(
                new GoldFigures(
                    1_200,
                    1_200 - notScored,
                    1_200 - notScored,
                    notScored,
                    20,
                    Optional.of(0.6),
                    List.of("forest/3"))),
            List.of(
                new Freshness(
                    "bronze", Tables.BRONZE_EVENTS, Optional.of(newest), Optional.of(NOW)),
                new Freshness(
                    "silver", Tables.SILVER_EVENTS, Optional.of(newest), Optional.of(NOW)),
                new Freshness(
                    "gold", Tables.GOLD_EVENTS_SCORED, Optional.of(newest), Optional.of(NOW)))),
        monitor,
        new ScoreFigures(
            Optional.of(new ScoreHistogram(counts)),
            Duration.ofHours(1),
            List.of(
                new RateBucket(NOW.minus(Duration.ofHours(2)), 600, 8),
                new RateBucket(NOW.minus(Duration.ofHours(1)), 600, 12)),
            List.of(
                new TopAnomaly(
                    "e-1", "u-7", eventType, newest, 201.5, 0.74331, "forest/3", features))),
        new RunFigures(
            Map.of(
                "silver-job",
                List.of(
                    new Batch(NOW.minus(Duration.ofMinutes(30)), 400, 2_000, 200),
                    new Batch(NOW.minus(Duration.ofMinutes(20)), 400, 2_500, 160),
                    new Batch(NOW.minus(Duration.ofMinutes(10)), 460, 3_000, 153),
                    new Batch(NOW.minus(Duration.ofMinutes(5)), 1, 10, 100))),
            List.of(
                new JobSteps(
                    "silver-job",
                    "run-1",
                    NOW.minus(Duration.ofMinutes(31)),
                    "abc123",
                    List.of(
                        new Step("run", 1, 20_000, Optional.empty()),
                        new Step("merge_ms", 3, 4_000, Optional.of(1_200L))))),
            List.of(
                new JobTasks(
                    "silver-job",
                    "run-1",
                    newest,
                    30,
                    0,
                    60,
                    10_000,
                    6_000,
                    300,
                    1 << 20,
                    1 << 20,
                    0,
                    1_260,
                    1_200))),
        Tables.PIPELINE_DATA_TABLES.stream()
            .map(
                t ->
                    new TableHistory(
                        t,
                        true,
                        TableHistory.Source.AUDIT_HISTORY,
                        2,
                        Optional.of(newest),
                        List.of(
                            new TableHistory.Commit(
                                1,
                                Optional.of(NOW),
                                "MERGE",
                                Optional.of(1_200L),
                                Optional.of(4L),
                                Optional.of(0L)))))
            .toList());
  }

  /** The text of the rows cell of a table in the "Rows per layer" table. */
  static String rowsCell(String html, String table) {
    Matcher m =
        Pattern.compile("data-rows=\"" + Pattern.quote(table) + "\"[^>]*>([^<]*)<").matcher(html);
    assertThat(m.find()).as("a rows cell for %s", table).isTrue();
    return m.group(1);
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
