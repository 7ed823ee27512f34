package io.anomalypipe.gold.report;

import static io.anomalypipe.gold.report.Html.escape;

import io.anomalypipe.common.schema.BenchmarkLogsTable;
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
import io.anomalypipe.gold.report.SvgCharts.Axis;
import io.anomalypipe.gold.report.SvgCharts.Bar;
import io.anomalypipe.gold.report.SvgCharts.Column;
import io.anomalypipe.gold.report.SvgCharts.Marker;
import io.anomalypipe.gold.report.SvgCharts.Point;
import io.anomalypipe.gold.report.SvgCharts.Series;
import io.anomalypipe.gold.report.SvgCharts.Size;
import io.anomalypipe.gold.report.TableHistory.Commit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Renders {@link ReportData} as one static HTML page: no script, no external file, the charts as
 * inline SVG ({@link SvgCharts}), every text escaped. A header with the {@link Verdict}, cards with
 * the big numbers, then one section per question: do the layers reconcile, are they fresh, how fast
 * did the jobs run, what do the scores look like, has a feature drifted, which events are most
 * anomalous, where did the time go, what did each table commit. A table that does not exist yet
 * reads "not written yet". Prints as it shows.
 */
public final class HtmlReport {

  private static final Size HALF = new Size(560, 230);
  private static final int HALF_WIDTH = 560;
  private static final int FULL_WIDTH = 1130;

  /** Fewer batches than this read better as one bar each than as a line. */
  private static final int MIN_LINE_POINTS = 4;

  private final ReportData data;
  private final StringBuilder out = new StringBuilder(64 * 1024);

  private HtmlReport(ReportData data) {
    this.data = data;
  }

  public static String render(ReportData data) {
    return new HtmlReport(data).page();
  }

  private String page() {
    Verdict verdict = Verdict.of(data);
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>Anomaly pipeline report: ")
        .append(escape(data.range().describe()))
        .append("</title><style>")
        .append(CSS)
        .append("</style></head><body><main>");
    header(verdict);
    cards();
    layers();
    freshness();
    throughput();
    scores();
    drift();
    topAnomalies();
    jobRuns();
    history();
    out.append("<footer>Written by <code>bin/report</code> (")
        .append(escape(PipelineReport.class.getName()))
        .append(") from the Delta tables under <code>")
        .append(escape(data.tablesRoot()))
        .append("</code>. Times are UTC.</footer>");
    return out.append("</main></body></html>\n").toString();
  }

  // ---- header and cards -----------------------------------------------------------------------

  private void header(Verdict verdict) {
    out.append("<header class=\"top status-")
        .append(verdict.status())
        .append("\"><div class=\"title\"><h1>Anomaly pipeline report</h1><p class=\"meta\">")
        .append(escape(capitalised(data.range().describe())))
        .append(" · generated ")
        .append(escape(Format.time(data.generatedAt())))
        .append(" UTC</p><p class=\"meta\">Kafka → Bronze → Silver → Gold, tables under <code>")
        .append(escape(data.tablesRoot()))
        .append("</code></p></div><div class=\"verdict\"><div class=\"verdict-line\">")
        .append(badge(verdict.status()))
        .append("<strong id=\"verdict\">")
        .append(escape(verdict.headline()))
        .append("</strong></div>");
    if (!verdict.reasons().isEmpty()) {
      out.append("<ul class=\"reasons\">");
      verdict.reasons().forEach(r -> out.append("<li>").append(escape(r)).append("</li>"));
      out.append("</ul>");
    }
    out.append("</div></header>");
  }

  private void cards() {
    LayerFigures layers = data.layers();
    Optional<GoldFigures> gold = layers.gold();
    out.append("<div class=\"cards\">");
    card(
        "Kafka records",
        data.rows(Tables.BRONZE_EVENTS).map(Format::count),
        Tables.BRONZE_EVENTS,
        layers.bronzeNotReadBySilver().map(n -> Format.count(n) + " not read by Silver yet"));
    card(
        "Events in Silver",
        data.rows(Tables.SILVER_EVENTS).map(Format::count),
        Tables.SILVER_EVENTS,
        layers.silverAudit().map(a -> Format.count(a.duplicates()) + " duplicates dropped"));
    card(
        "Quarantined",
        data.rows(Tables.SILVER_QUARANTINE).map(Format::count),
        Tables.SILVER_QUARANTINE,
        layers
            .silverAudit()
            .filter(a -> a.bronzeRows() > 0)
            .map(
                a ->
                    Format.percent((double) a.quarantined() / a.bronzeRows())
                        + " of the Bronze rows read"));
    card(
        "Events scored",
        data.rows(Tables.GOLD_EVENTS_SCORED).map(Format::count),
        Tables.GOLD_EVENTS_SCORED,
        gold.map(g -> Format.count(g.notScored()) + " Silver events not scored yet"));
    card(
        "Anomalies flagged",
        data.isWritten(Tables.GOLD_ANOMALY_PREDICTIONS)
            ? gold.map(g -> Format.count(g.flagged()))
            : Optional.empty(),
        Tables.GOLD_ANOMALY_PREDICTIONS,
        gold.map(
            g ->
                Format.percent(g.flaggedShare())
                    + " of predictions"
                    + g.threshold().map(t -> ", threshold " + Format.number(t)).orElse("")));
    Freshness goldFreshness = layers.freshness().get(layers.freshness().size() - 1);
    card(
        "Newest Gold event",
        goldFreshness.newestEvent().map(t -> Format.age(Duration.between(t, data.generatedAt()))),
        Tables.GOLD_EVENTS_SCORED,
        goldFreshness.newestEvent().map(t -> "ago (" + Format.time(t) + ")"));
    out.append("</div>");
  }

  private void card(String label, Optional<String> value, String table, Optional<String> caption) {
    out.append("<div class=\"card\" data-card=\"")
        .append(escape(table))
        .append("\"><div class=\"label\">")
        .append(escape(label))
        .append("</div>");
    if (!data.isWritten(table) || value.isEmpty()) {
      out.append("<div class=\"value none\">–</div><div class=\"caption missing\">")
          .append(escape(table))
          .append(data.isWritten(table) ? ": no rows in range" : " not written yet")
          .append("</div></div>");
      return;
    }
    out.append("<div class=\"value\">")
        .append(escape(value.get()))
        .append("</div><div class=\"caption\">")
        .append(escape(caption.orElse(table)))
        .append("</div></div>");
  }

  // ---- layers and reconciliation --------------------------------------------------------------

  private void layers() {
    LayerFigures layers = data.layers();
    open("layers", "Rows per layer and reconciliation", scopeNote());
    out.append("<div class=\"grid2\"><div><table><thead><tr><th>table</th><th class=\"num\">rows")
        .append("</th><th>layer</th></tr></thead><tbody>");
    for (String table : Tables.PIPELINE_DATA_TABLES) {
      out.append("<tr><td><code>").append(escape(table)).append("</code></td>");
      Optional<Long> rows = data.rows(table);
      if (rows.isPresent()) {
        out.append("<td class=\"num\" data-rows=\"")
            .append(escape(table))
            .append("\">")
            .append(Format.count(rows.get()))
            .append("</td>");
      } else {
        out.append("<td class=\"num missing\" data-rows=\"")
            .append(escape(table))
            .append("\">not written yet</td>");
      }
      out.append("<td>").append(escape(layerOf(table))).append("</td></tr>");
    }
    out.append("</tbody></table>")
        .append(
            "<p class=\"note\">silver_batch_audit counts Silver's micro-batches; the others count"
                + " rows.</p></div><div>");
    bronzeToSilver(layers.silverAudit());
    silverToGold(layers.gold());
    out.append("</div></div>");
    close();
  }

  private void bronzeToSilver(Optional<SilverAudit> audit) {
    out.append("<h3>Bronze → Silver + quarantine</h3>");
    if (audit.isEmpty()) {
      missing(Tables.SILVER_BATCH_AUDIT);
      return;
    }
    SilverAudit a = audit.get();
    boolean balanced =
        a.bronzeRows() == a.inserted() + a.quarantined() + a.duplicates() && a.notReconciled() == 0;
    out.append("<p class=\"equation\" data-reconciled=\"")
        .append(balanced)
        .append("\">")
        .append(Format.count(a.bronzeRows()))
        .append(" Bronze rows read = ")
        .append(Format.count(a.inserted()))
        .append(" inserted + ")
        .append(Format.count(a.quarantined()))
        .append(" quarantined + ")
        .append(Format.count(a.duplicates()))
        .append(" duplicates ")
        .append(balanced ? badge("OK") : badge("BREACH"))
        .append("</p>");
    out.append(
        SvgCharts.stackedBar(
            HALF_WIDTH,
            List.of(
                new Bar("inserted", a.inserted(), Palette.BLUE, Format.count(a.inserted())),
                new Bar("quarantined", a.quarantined(), Palette.RED, Format.count(a.quarantined())),
                new Bar(
                    "duplicate in batch",
                    a.duplicatesInBatch(),
                    Palette.YELLOW,
                    Format.count(a.duplicatesInBatch())),
                new Bar(
                    "already in Silver",
                    a.duplicatesInSilver(),
                    Palette.BROWN,
                    Format.count(a.duplicatesInSilver())))));
    out.append("<p class=\"note\">")
        .append(Format.count(a.batches()))
        .append(a.batches() == 1 ? " batch, " : " batches, ")
        .append(Format.count(a.notReconciled()))
        .append(" not reconciled, ")
        .append(Format.count(a.replayed()))
        .append(" replayed after a crash.</p>");
  }

  private void silverToGold(Optional<GoldFigures> gold) {
    out.append("<h3>Silver → Gold</h3>");
    if (gold.isEmpty() || !data.isWritten(Tables.GOLD_ANOMALY_PREDICTIONS)) {
      missing(Tables.GOLD_ANOMALY_PREDICTIONS);
      return;
    }
    GoldFigures g = gold.get();
    long scoredSilver = g.silverEvents() - g.notScored();
    out.append("<p class=\"equation\">")
        .append(Format.count(g.silverEvents()))
        .append(" Silver events = ")
        .append(Format.count(scoredSilver))
        .append(" scored + ")
        .append(Format.count(g.notScored()))
        .append(" not scored yet ")
        .append(badge(g.notScored() == 0 ? "OK" : "WARN"))
        .append("</p>");
    out.append(
        SvgCharts.stackedBar(
            HALF_WIDTH,
            List.of(
                new Bar(
                    "scored, not flagged",
                    Math.max(0, scoredSilver - g.flagged()),
                    Palette.BLUE,
                    Format.count(Math.max(0, scoredSilver - g.flagged()))),
                new Bar("flagged", g.flagged(), Palette.ORANGE, Format.count(g.flagged())),
                new Bar(
                    "not scored yet", g.notScored(), Palette.GREY, Format.count(g.notScored())))));
    out.append("<p class=\"note\">")
        .append(Format.count(g.scored()))
        .append(" rows in gold_events_scored, ")
        .append(Format.count(g.predictions()))
        .append(" in gold_anomaly_predictions")
        .append(g.scored() == g.predictions() ? " (the same events)" : " (they differ)")
        .append("; model ")
        .append(escape(g.modelVersions().isEmpty() ? "–" : String.join(", ", g.modelVersions())))
        .append(".</p>");
  }

  // ---- freshness and monitor ------------------------------------------------------------------

  private void freshness() {
    open(
        "freshness",
        "Freshness and monitor checks",
        "Newest event per layer against the report's time, "
            + Format.time(data.generatedAt())
            + " UTC.");
    out.append("<table><thead><tr><th>layer</th><th>table</th><th>newest event</th>")
        .append("<th class=\"num\">age</th><th>last write</th><th class=\"num\">age</th>")
        .append("</tr></thead><tbody>");
    for (Freshness f : data.layers().freshness()) {
      out.append("<tr><td>")
          .append(escape(f.layer()))
          .append("</td><td><code>")
          .append(escape(f.table()))
          .append("</code></td>");
      if (!data.isWritten(f.table())) {
        out.append("<td colspan=\"4\" class=\"missing\">not written yet</td></tr>");
        continue;
      }
      out.append("<td>")
          .append(escape(Format.time(f.newestEvent())))
          .append("</td><td class=\"num\">")
          .append(escape(age(f.newestEvent())))
          .append("</td><td>")
          .append(escape(Format.time(f.lastWrite())))
          .append("</td><td class=\"num\">")
          .append(escape(age(f.lastWrite())))
          .append("</td></tr>");
    }
    out.append("</tbody></table>")
        .append(
            "<p class=\"note\">Bronze holds records, not parsed events: its newest event is the"
                + " newest Kafka timestamp.</p>");
    out.append("<h3>Latest monitor run</h3>");
    if (!data.isWritten(Tables.MONITOR_LOGS)) {
      missing(Tables.MONITOR_LOGS);
    } else if (data.monitor().isEmpty()) {
      out.append("<p class=\"missing\">No monitor run in range.</p>");
    } else {
      MonitorFigures m = data.monitor().get();
      List<Check> drift = m.drift();
      out.append("<p class=\"note\">Run <code>")
          .append(escape(m.runId()))
          .append("</code> at ")
          .append(escape(Format.time(m.checkedAt())))
          .append(" UTC: ")
          .append(m.count("OK"))
          .append(" OK, ")
          .append(m.count("WARN"))
          .append(" WARN, ")
          .append(m.count("BREACH"))
          .append(" BREACH")
          .append(drift.isEmpty() ? "" : "; its " + drift.size() + " drift checks are under Drift")
          .append(".</p><table><thead><tr><th>status</th><th>check</th><th>layer</th>")
          .append("<th class=\"num\">value</th><th class=\"num\">threshold</th><th>details</th>")
          .append("</tr></thead><tbody>");
      for (Check c : m.checks()) {
        if (drift.contains(c)) {
          continue;
        }
        out.append("<tr><td>")
            .append(badge(c.status()))
            .append("</td><td><code>")
            .append(escape(c.name()))
            .append("</code></td><td>")
            .append(escape(c.layer()))
            .append("</td><td class=\"num\">")
            .append(escape(c.value().map(Format::number).orElse("–")))
            .append("</td><td class=\"num\">")
            .append(escape(c.threshold().map(Format::number).orElse("–")))
            .append("</td><td class=\"details\">")
            .append(escape(c.detailsSummary(100)))
            .append("</td></tr>");
      }
      out.append("</tbody></table>");
    }
    close();
  }

  // ---- throughput -----------------------------------------------------------------------------

  private void throughput() {
    open(
        "throughput",
        "Throughput per micro-batch",
        "Processed rows per second of each batch that read rows (pipeline_metrics), per job; at"
            + " most the latest "
            + RunFigures.MAX_BATCHES_PER_JOB
            + " batches of each.");
    if (!data.isWritten(Tables.PIPELINE_METRICS)) {
      missing(Tables.PIPELINE_METRICS);
    } else if (data.runs().batches().isEmpty()) {
      out.append("<p class=\"missing\">No micro-batch read rows in range.</p>");
    } else {
      out.append("<div class=\"grid2\">");
      for (Map.Entry<String, List<Batch>> job : data.runs().batches().entrySet()) {
        List<Batch> batches = job.getValue();
        long rows = batches.stream().mapToLong(Batch::inputRows).sum();
        long millis = batches.stream().mapToLong(Batch::durationMs).sum();
        List<Point> points =
            batches.stream().map(b -> new Point(b.at().toEpochMilli(), b.rowsPerSecond())).toList();
        String color = Palette.job(job.getKey());
        out.append("<figure><figcaption>")
            .append(escape(job.getKey()))
            .append("</figcaption><div class=\"caption\">")
            .append(Format.count(batches.size()))
            .append(batches.size() == 1 ? " batch, " : " batches, ")
            .append(Format.count(rows))
            .append(" rows")
            .append(
                millis > 0
                    ? ", " + Format.compact(rows * 1000.0 / millis) + " rows/s over their time"
                    : "")
            .append("</div>")
            .append(
                batches.size() < MIN_LINE_POINTS
                    ? SvgCharts.horizontalBars(
                        HALF_WIDTH,
                        batches.stream()
                            .map(
                                b ->
                                    new Bar(
                                        Format.time(b.at()),
                                        b.rowsPerSecond(),
                                        color,
                                        Format.compact(b.rowsPerSecond())
                                            + " rows/s, "
                                            + Format.count(b.inputRows())
                                            + " rows"))
                            .toList(),
                        Optional.empty())
                    : SvgCharts.lineChart(
                        HALF,
                        Axis.time("batch time (UTC)"),
                        Axis.number("rows/s", Format::compact),
                        List.of(new Series(job.getKey(), color, points))))
            .append("</figure>");
      }
      out.append("</div>");
    }
    close();
  }

  // ---- scores ---------------------------------------------------------------------------------

  private void scores() {
    ScoreFigures scores = data.scores();
    Optional<Double> threshold = data.layers().gold().flatMap(GoldFigures::threshold);
    open(
        "scores",
        "Anomaly scores",
        "Distribution of gold_events_scored.anomaly_score, and the share of events flagged over"
            + " event time (gold_anomaly_predictions).");
    out.append("<div class=\"grid2\"><figure><figcaption>Score histogram</figcaption>");
    if (!data.isWritten(Tables.GOLD_EVENTS_SCORED)) {
      missing(Tables.GOLD_EVENTS_SCORED);
    } else if (scores.histogram().isEmpty()) {
      out.append("<p class=\"missing\">No scored event in range.</p>");
    } else {
      ScoreHistogram histogram = scores.histogram().get();
      long[] counts = histogram.counts();
      int bins = histogram.bins();
      List<Column> columns = new ArrayList<>();
      for (int bin = 0; bin < bins; bin++) {
        boolean above = threshold.isPresent() && (bin + 1.0) / bins > threshold.get();
        columns.add(
            new Column(
                (double) bin / bins,
                (bin + 1.0) / bins,
                counts[bin],
                above ? Palette.ORANGE : Palette.BLUE));
      }
      out.append("<div class=\"caption\">")
          .append(Format.count(histogram.total()))
          .append(" events in ")
          .append(bins)
          .append(" bins; rows on a log scale, bins above the threshold in orange</div>")
          .append(
              SvgCharts.columnChart(
                  HALF,
                  Axis.number("anomaly score (higher = more anomalous)", v -> trimmed(v, 1)),
                  Axis.number("events (log)", Format::compact),
                  columns,
                  true,
                  threshold.map(t -> new Marker(t, "threshold " + Format.number(t), Palette.RED))));
    }
    out.append("</figure><figure><figcaption>Anomaly rate over time</figcaption>");
    if (!data.isWritten(Tables.GOLD_ANOMALY_PREDICTIONS)) {
      missing(Tables.GOLD_ANOMALY_PREDICTIONS);
    } else if (scores.rate().isEmpty()) {
      out.append("<p class=\"missing\">No prediction in range.</p>");
    } else {
      long unit = scores.rateUnit().toMillis();
      long events = scores.rate().stream().mapToLong(RateBucket::events).sum();
      long flagged = scores.rate().stream().mapToLong(RateBucket::anomalies).sum();
      List<Column> columns =
          scores.rate().stream()
              .map(
                  b ->
                      new Column(
                          b.start().toEpochMilli(),
                          b.start().toEpochMilli() + unit,
                          100 * b.share(),
                          Palette.ORANGE))
              .toList();
      out.append("<div class=\"caption\">Flagged share per ")
          .append(scores.rateUnit().toDays() >= 1 ? "day" : "hour")
          .append(" of event time; ")
          .append(Format.count(flagged))
          .append(" of ")
          .append(Format.count(events))
          .append(" events (")
          .append(Format.percent(events == 0 ? 0 : (double) flagged / events))
          .append(")</div>")
          .append(
              SvgCharts.columnChart(
                  HALF,
                  Axis.time("event time (UTC)"),
                  Axis.number("flagged %", v -> trimmed(v, 1)),
                  columns,
                  false,
                  Optional.empty()));
    }
    out.append("</figure></div>");
    close();
  }

  // ---- drift ----------------------------------------------------------------------------------

  private void drift() {
    open(
        "drift",
        "Drift per feature",
        "Population stability index of each feature and of the score against the training"
            + " baseline, from the latest monitor run's drift_psi_* checks.");
    List<Check> drift = data.monitor().map(MonitorFigures::drift).orElse(List.of());
    if (!data.isWritten(Tables.MONITOR_LOGS)) {
      missing(Tables.MONITOR_LOGS);
    } else if (drift.isEmpty()) {
      out.append("<p class=\"missing\">The latest monitor run measured no drift.</p>");
    } else {
      List<Bar> bars =
          drift.stream()
              .map(
                  c ->
                      new Bar(
                          c.name().substring(MonitorFigures.DRIFT_PREFIX.length()),
                          c.value().orElse(0.0),
                          Palette.status(c.status()),
                          Format.number(c.value().orElse(0.0)) + "  " + c.status()))
              .toList();
      Optional<Marker> limit =
          drift.stream()
              .flatMap(c -> c.threshold().stream())
              .findFirst()
              .map(t -> new Marker(t, "limit " + Format.number(t), Palette.RED));
      out.append(SvgCharts.horizontalBars(FULL_WIDTH, bars, limit));
    }
    close();
  }

  // ---- top anomalies --------------------------------------------------------------------------

  private void topAnomalies() {
    List<TopAnomaly> top = data.scores().top();
    open(
        "top-anomalies",
        "Top anomalies",
        "The highest-scored events of gold_events_scored with the features the model saw.");
    if (!data.isWritten(Tables.GOLD_EVENTS_SCORED)) {
      missing(Tables.GOLD_EVENTS_SCORED);
      close();
      return;
    }
    if (top.isEmpty()) {
      out.append("<p class=\"missing\">No scored event in range.</p>");
      close();
      return;
    }
    List<String> features = new ArrayList<>(top.get(0).features().keySet());
    List<String> models = top.stream().map(TopAnomaly::model).distinct().toList();
    boolean oneModel = models.size() == 1;
    if (oneModel) {
      out.append("<p class=\"note\">All scored by ").append(escape(models.get(0))).append(".</p>");
    }
    out.append("<div class=\"wide\"><table class=\"dense\"><thead><tr><th class=\"num\">#</th>")
        .append("<th class=\"num\">score</th><th>event time</th><th>user</th><th>type</th>")
        .append("<th class=\"num\">value</th>");
    for (String feature : features) {
      out.append("<th class=\"num feature\" title=\"")
          .append(escape(feature))
          .append("\">")
          .append(escape(feature.substring(ScoreFigures.FEATURE_PREFIX.length()).replace('_', ' ')))
          .append("</th>");
    }
    out.append(oneModel ? "" : "<th>model</th>").append("</tr></thead><tbody>");
    int rank = 1;
    for (TopAnomaly a : top) {
      out.append("<tr><td class=\"num\">")
          .append(rank++)
          .append("</td><td class=\"num score\">")
          .append(String.format(Locale.ROOT, "%.4f", a.score()))
          .append("</td><td class=\"nowrap\">")
          .append(escape(Format.time(a.eventTime())))
          .append("</td><td class=\"nowrap\"><code>")
          .append(escape(a.userId()))
          .append("</code></td><td>")
          .append(escape(a.eventType()))
          .append("</td><td class=\"num\">")
          .append(escape(Format.number(a.value())))
          .append("</td>");
      for (String feature : features) {
        out.append("<td class=\"num\">")
            .append(escape(Format.number(a.features().getOrDefault(feature, Double.NaN))))
            .append("</td>");
      }
      out.append(oneModel ? "" : "<td>" + escape(a.model()) + "</td>").append("</tr>");
    }
    out.append("</tbody></table></div>");
    close();
  }

  // ---- job runs -------------------------------------------------------------------------------

  private void jobRuns() {
    open(
        "runs",
        "Job runs: step timings and Spark task metrics",
        "Each job's latest run"
            + (data.range().isAll() ? "" : " in range")
            + ": its timed steps (benchmark_logs) and its Spark stages summed (task_metrics).");
    out.append("<h3>Step timings</h3>");
    if (!data.isWritten(Tables.BENCHMARK_LOGS)) {
      missing(Tables.BENCHMARK_LOGS);
    } else if (data.runs().steps().isEmpty()) {
      out.append("<p class=\"missing\">No job run in range.</p>");
    } else {
      stepTimings(data.runs().steps());
    }
    out.append("<h3>Task metrics</h3>");
    if (!data.isWritten(Tables.TASK_METRICS)) {
      missing(Tables.TASK_METRICS);
    } else if (data.runs().tasks().isEmpty()) {
      out.append("<p class=\"missing\">No Spark stage in range.</p>");
    } else {
      taskMetrics(data.runs().tasks());
    }
    close();
  }

  /**
   * The whole run of each job as one bar each, then, for each job that timed steps of its own, its
   * steps (summed over the run's batches).
   */
  private void stepTimings(List<JobSteps> jobs) {
    List<Bar> runs = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      JobSteps job = jobs.get(i);
      long ms = job.run().map(Step::durationMs).orElse(0L);
      runs.add(
          new Bar(
              job.job(),
              ms,
              Palette.job(job.job()),
              Format.millis(ms) + ", started " + Format.time(job.startedAt())));
    }
    out.append("<figure><figcaption>Whole run</figcaption>")
        .append(SvgCharts.horizontalBars(FULL_WIDTH, runs, Optional.empty()))
        .append("</figure><div class=\"grid2\">");
    for (int i = 0; i < jobs.size(); i++) {
      JobSteps job = jobs.get(i);
      String color = Palette.job(job.job());
      List<Bar> bars =
          job.steps().stream()
              .filter(s -> !s.name().equals(BenchmarkLogsTable.RUN_STEP))
              .map(s -> new Bar(s.name(), s.durationMs(), color, stepLabel(s)))
              .toList();
      if (bars.isEmpty()) {
        continue;
      }
      out.append("<figure><figcaption>")
          .append(escape(job.job()))
          .append(" steps</figcaption><div class=\"caption\">run ")
          .append(escape(shorten(job.runId(), 9)))
          .append(
              job.gitCommit().isBlank() ? "" : ", commit " + escape(shorten(job.gitCommit(), 9)))
          .append("; per-batch steps summed over the run's batches</div>")
          .append(SvgCharts.horizontalBars(HALF_WIDTH, bars, Optional.empty()))
          .append("</figure>");
    }
    out.append("</div>");
  }

  private void taskMetrics(List<JobTasks> tasks) {
    out.append("<div class=\"wide\"><table class=\"dense\"><thead><tr><th>job</th>")
        .append("<th>first stage</th><th class=\"num\">stages</th><th class=\"num\">tasks</th>")
        .append("<th class=\"num\">executor time</th><th class=\"num\">CPU time</th>")
        .append("<th class=\"num\">CPU share</th><th class=\"num\">GC</th>")
        .append("<th class=\"num\">shuffle read</th><th class=\"num\">shuffle write</th>")
        .append("<th class=\"num\">spilled</th><th class=\"num\">records in</th>")
        .append("<th class=\"num\">records out</th></tr></thead><tbody>");
    for (JobTasks t : tasks) {
      out.append("<tr><td>")
          .append(escape(t.job()))
          .append("</td><td>")
          .append(escape(Format.time(t.firstStage())))
          .append("</td><td class=\"num\">")
          .append(Format.count(t.stages()))
          .append(t.failedStages() > 0 ? " (" + Format.count(t.failedStages()) + " failed)" : "")
          .append("</td><td class=\"num\">")
          .append(Format.count(t.tasks()))
          .append("</td><td class=\"num\">")
          .append(Format.millis(t.executorRunMs()))
          .append("</td><td class=\"num\">")
          .append(Format.millis(t.executorCpuMs()))
          .append("</td><td class=\"num\">")
          .append(
              t.executorRunMs() == 0
                  ? "–"
                  : Format.percent((double) t.executorCpuMs() / t.executorRunMs()))
          .append("</td><td class=\"num\">")
          .append(Format.millis(t.gcMs()))
          .append("</td><td class=\"num\">")
          .append(Format.bytes(t.shuffleReadBytes()))
          .append("</td><td class=\"num\">")
          .append(Format.bytes(t.shuffleWriteBytes()))
          .append("</td><td class=\"num\">")
          .append(Format.bytes(t.spilledBytes()))
          .append("</td><td class=\"num\">")
          .append(Format.count(t.inputRecords()))
          .append("</td><td class=\"num\">")
          .append(Format.count(t.outputRecords()))
          .append("</td></tr>");
    }
    out.append("</tbody></table></div><div class=\"grid2\"><figure><figcaption>")
        .append("Executor CPU time per job</figcaption>");
    List<Bar> cpu = new ArrayList<>();
    List<Bar> shuffle = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      JobTasks t = tasks.get(i);
      String color = Palette.job(t.job());
      cpu.add(new Bar(t.job(), t.executorCpuMs(), color, Format.millis(t.executorCpuMs())));
      long moved = t.shuffleReadBytes() + t.shuffleWriteBytes();
      shuffle.add(new Bar(t.job(), moved, color, Format.bytes(moved)));
    }
    out.append(SvgCharts.horizontalBars(HALF_WIDTH, cpu, Optional.empty()))
        .append("</figure><figure><figcaption>Shuffle read + write per job</figcaption>")
        .append(SvgCharts.horizontalBars(HALF_WIDTH, shuffle, Optional.empty()))
        .append("</figure></div>");
  }

  private static String stepLabel(Step s) {
    String label = Format.millis(s.durationMs());
    if (s.count() > 1) {
      label += " ×" + Format.count(s.count());
    }
    if (s.rows().isPresent() && s.durationMs() > 0) {
      label += ", " + Format.compact(s.rows().get() * 1000.0 / s.durationMs()) + " rows/s";
    }
    return label;
  }

  // ---- history --------------------------------------------------------------------------------

  private void history() {
    open(
        "history",
        "Delta history",
        "Each table's latest commits"
            + (data.range().isAll() ? "" : " in range")
            + ", from audit_history where it holds the table, else from the table's Delta log.");
    if (!data.isWritten(Tables.AUDIT_HISTORY)) {
      out.append("<p class=\"missing\"><code>")
          .append(Tables.AUDIT_HISTORY)
          .append("</code> not written yet: every table's commits come from its Delta log.</p>");
    }
    out.append("<div class=\"grid2\">");
    for (TableHistory h : data.history()) {
      out.append("<div class=\"history\"><h3><code>")
          .append(escape(h.table()))
          .append("</code></h3>");
      if (!h.written()) {
        out.append("<p class=\"missing\">not written yet</p></div>");
        continue;
      }
      out.append("<div class=\"caption\">")
          .append(Format.count(h.commitsInRange()))
          .append(h.commitsInRange() == 1 ? " commit" : " commits")
          .append(h.firstCommit().map(t -> " since " + Format.time(t)).orElse(""))
          .append(" · from ")
          .append(escape(h.source().label))
          .append("</div><table class=\"dense\"><thead><tr><th class=\"num\">version</th>")
          .append("<th>committed</th><th>operation</th><th class=\"num\">rows</th>")
          .append("<th class=\"num\">files</th></tr></thead><tbody>");
      for (Commit c : h.latest()) {
        out.append("<tr><td class=\"num\">")
            .append(c.version())
            .append("</td><td>")
            .append(escape(Format.time(c.at())))
            .append("</td><td>")
            .append(escape(c.operation()))
            .append("</td><td class=\"num\">")
            .append(c.rows().map(Format::count).orElse("–"))
            .append("</td><td class=\"num\">")
            .append(c.files().map(Format::count).orElse("–"))
            .append("</td></tr>");
      }
      out.append("</tbody></table></div>");
    }
    out.append("</div>");
    close();
  }

  // ---- pieces ---------------------------------------------------------------------------------

  private void open(String id, String title, String subtitle) {
    out.append("<section id=\"")
        .append(escape(id))
        .append("\"><h2>")
        .append(escape(title))
        .append("</h2><p class=\"sub\">")
        .append(escape(subtitle))
        .append("</p>");
  }

  private void close() {
    out.append("</section>");
  }

  private void missing(String table) {
    out.append("<p class=\"missing\"><code>")
        .append(escape(table))
        .append("</code> not written yet.</p>");
  }

  private String scopeNote() {
    return data.range().isAll()
        ? "Everything the tables hold."
        : "Events by their UTC event date, Bronze by ingest date, the quarantine by quarantine"
            + " date, Silver batches by start: "
            + data.range().describe()
            + ".";
  }

  private String age(Optional<java.time.Instant> time) {
    return time.map(t -> Format.age(Duration.between(t, data.generatedAt()))).orElse("–");
  }

  private static String badge(String status) {
    return "<span class=\"badge badge-"
        + escape(status)
        + "\" style=\"background:"
        + Palette.status(status)
        + "\">"
        + escape(status)
        + "</span>";
  }

  private static String layerOf(String table) {
    return table.startsWith("bronze") ? "Bronze" : table.startsWith("silver") ? "Silver" : "Gold";
  }

  private static String trimmed(double value, int decimals) {
    String text = String.format(Locale.ROOT, "%." + decimals + "f", value);
    return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
  }

  private static String capitalised(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  private static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  private static final String CSS =
      String.join(
          "",
          Arrays.asList(
              ":root{--ink:#1f2933;--muted:#6b7280;--line:#e3e6ea;--bg:#f3f4f6;",
              "--ok:#59a14f;--warn:#f28e2b;--breach:#e15759}",
              "*{box-sizing:border-box}",
              "body{margin:0;background:var(--bg);color:var(--ink);",
              "font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif}",
              "main{max-width:1200px;margin:0 auto;padding:22px 24px 40px}",
              "code{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:.92em}",
              "header.top{display:flex;justify-content:space-between;gap:24px;background:#fff;",
              "border:1px solid var(--line);border-left:10px solid var(--ok);border-radius:12px;",
              "padding:18px 24px}",
              "header.status-WARN{border-left-color:var(--warn)}",
              "header.status-BREACH{border-left-color:var(--breach)}",
              "h1{font-size:24px;margin:0 0 6px}",
              ".meta{margin:0;color:var(--muted)}",
              ".verdict{min-width:380px;max-width:560px}",
              ".verdict-line{display:flex;align-items:center;gap:10px;font-size:19px}",
              ".reasons{margin:8px 0 0;padding-left:20px;color:#374151}",
              ".badge{display:inline-block;padding:1px 9px;border-radius:999px;color:#fff;",
              "font-weight:700;font-size:11px;letter-spacing:.05em;vertical-align:middle}",
              ".verdict .badge{font-size:14px;padding:3px 12px}",
              ".cards{display:grid;grid-template-columns:repeat(6,minmax(0,1fr));gap:12px;",
              "margin:14px 0}",
              ".card{background:#fff;border:1px solid var(--line);border-radius:12px;",
              "padding:12px 14px;border-top:4px solid #4e79a7}",
              ".card .label{color:var(--muted);font-size:11px;text-transform:uppercase;",
              "letter-spacing:.06em;font-weight:600}",
              ".card .value{font-size:27px;font-weight:700;margin:2px 0;",
              "font-variant-numeric:tabular-nums;white-space:nowrap}",
              ".card .value.none{color:#b0b6bf}",
              ".caption{color:var(--muted);font-size:12px}",
              "section{background:#fff;border:1px solid var(--line);border-radius:12px;",
              "padding:16px 22px 18px;margin:14px 0}",
              "h2{font-size:17px;margin:0 0 2px}",
              "h3{font-size:14px;margin:14px 0 6px}",
              ".sub{color:var(--muted);margin:0 0 10px;font-size:13px}",
              ".note{color:var(--muted);font-size:12px;margin:6px 0}",
              ".equation{margin:4px 0 8px;font-variant-numeric:tabular-nums}",
              ".grid2{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:14px 26px}",
              "figure{margin:6px 0 0}",
              "figcaption{font-weight:600}",
              "table{border-collapse:collapse;width:100%;font-size:13px}",
              "th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:left;",
              "vertical-align:top}",
              "th{color:var(--muted);font-weight:600;font-size:12px}",
              ".num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}",
              "table.dense{font-size:12px}",
              "table.dense td,table.dense th{padding:3px 6px}",
              "td.nowrap{white-space:nowrap}",
              "th.feature{white-space:normal;max-width:92px;text-align:right;line-height:1.2}",
              ".score{font-weight:700;color:#c2410c}",
              ".details{color:var(--muted);font-size:11px;overflow-wrap:anywhere}",
              ".wide{overflow-x:auto}",
              ".missing{color:var(--muted);font-style:italic}",
              "svg.chart{display:block;width:100%;height:auto;margin-top:4px}",
              "svg text{font-family:inherit;font-size:11px;fill:#4b5563}",
              "svg .axis-title{fill:var(--muted)}",
              "svg .marker-label{fill:#b91c1c;font-weight:600}",
              "svg .empty{fill:#9ca3af;font-size:13px}",
              "footer{color:var(--muted);font-size:12px;margin-top:18px}",
              "@media (max-width:900px){.cards{grid-template-columns:repeat(2,1fr)}",
              ".grid2{grid-template-columns:1fr}header.top{flex-direction:column}}",
              "@media print{@page{margin:12mm}body{background:#fff;font-size:11px}",
              "main{max-width:none;padding:0}",
              "section,.card,header.top,figure,.history{break-inside:avoid}",
              "section,.card,header.top{border-color:#cfd4da}",
              "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}",
              ".wide{overflow:visible}}"));
}
