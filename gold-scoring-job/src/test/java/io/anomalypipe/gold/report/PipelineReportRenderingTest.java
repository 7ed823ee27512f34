package io.anomalypipe.gold.report;

import static io.anomalypipe.gold.report.HtmlReportTest.rowsCell;
import static org.assertj.core.api.Assertions.assertThat;

import io.anomalypipe.common.config.CommandLine;
import io.anomalypipe.common.config.ConfigReader;
import io.anomalypipe.common.config.PipelineConfigLoader;
import io.anomalypipe.common.schema.BronzeTable;
import io.anomalypipe.common.schema.GoldPredictionsTable;
import io.anomalypipe.common.schema.GoldScoredTable;
import io.anomalypipe.common.schema.SilverBatchAuditTable;
import io.anomalypipe.common.schema.SilverQuarantineTable;
import io.anomalypipe.common.schema.SilverTable;
import io.anomalypipe.common.schema.Tables;
import io.anomalypipe.common.testing.SparkTestSession;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a small run, rendered by {@code PipelineReport} from real Delta tables and opened
 * in headless Chromium: the screenshot is a real picture, and the browser's DOM holds the figures
 * of the tables, formatted as the page formats them. Chromium comes from {@code bin/chromium}
 * (installed when missing); without it the test fails.
 */
class PipelineReportRenderingTest {

  @RegisterExtension static final SparkTestSession SPARK = new SparkTestSession();

  private static final Instant NOW = Instant.parse("2026-12-04T00:00:00Z");
  private static final int HEIGHT = 2400;

  @TempDir static Path dir;

  private static ReportTablesFixture fixture;
  private static PipelineReport.Written written;
  private static String dom;
  private static BufferedImage screenshot;

  @BeforeAll
  static void renderTheReportOfASmallRun() throws Exception {
    ReportConfig config = config("--report.output", dir.resolve("out/report.html").toString());
    fixture = ReportTablesFixture.write(SPARK.session(), config.storage());
    written = PipelineReport.write(SPARK.session(), config, NOW);
    Path html = Path.of(written.path());
    Path png = dir.resolve("report.png");
    HeadlessChromium.screenshot(html, png, HEIGHT);
    screenshot = ImageIO.read(png.toFile());
    dom = HeadlessChromium.dumpDom(html);
  }

  @Test
  void thePageIsWrittenWhereConfigured() {
    assertThat(Path.of(written.path())).isEqualTo(dir.resolve("out/report.html"));
    assertThat(Path.of(written.path())).isRegularFile();
    // the local file system gets the page alone, without a Hadoop checksum file
    assertThat(dir.resolve("out/.report.html.crc")).doesNotExist();
  }

  @Test
  void theScreenshotIsAPictureOfTheReport() {
    assertThat(screenshot).as("a PNG ImageIO can read").isNotNull();
    assertThat(screenshot.getWidth()).isEqualTo(1280);
    assertThat(screenshot.getHeight()).isEqualTo(HEIGHT);
    Set<Integer> colours = new HashSet<>();
    long ink = 0;
    long pixels = (long) screenshot.getWidth() * screenshot.getHeight();
    for (int y = 0; y < screenshot.getHeight(); y++) {
      for (int x = 0; x < screenshot.getWidth(); x++) {
        int rgb = screenshot.getRGB(x, y) & 0xFFFFFF;
        colours.add(rgb);
        if (((rgb >> 16) & 0xFF) < 0xE0 || ((rgb >> 8) & 0xFF) < 0xE0 || (rgb & 0xFF) < 0xE0) {
          ink++;
        }
      }
    }
    assertThat(colours).as("distinct colours").hasSizeGreaterThan(100);
    assertThat((double) ink / pixels)
        .as("share of pixels darker than the page")
        .isGreaterThan(0.05);
    // the charts' and badges' colours are on it: bars, the score histogram, the BREACH verdict
    for (String colour : List.of(Palette.BLUE, Palette.ORANGE, Palette.RED, Palette.GREEN)) {
      assertThat(pixelsNear(colour)).as("pixels of %s", colour).isGreaterThan(200);
    }
  }

  @Test
  void theDomHoldsTheRowsOfEveryTable() {
    Map<String, Long> expected =
        Map.of(
            Tables.BRONZE_EVENTS, (long) fixture.bronze.size(),
            Tables.SILVER_EVENTS, (long) fixture.silver.size(),
            Tables.SILVER_QUARANTINE, (long) fixture.quarantine.size(),
            Tables.SILVER_BATCH_AUDIT, (long) fixture.audit.size(),
            Tables.GOLD_EVENTS_SCORED, (long) fixture.scored.size(),
            Tables.GOLD_ANOMALY_PREDICTIONS, (long) fixture.predictions.size());
    expected.forEach(
        (table, rows) -> assertThat(rowsCell(dom, table)).isEqualTo(Format.count(rows)));
    assertThat(fixture.bronze.size())
        .as("big enough to show a thousands separator")
        .isGreaterThan(999);
  }

  @Test
  void theDomHoldsTheReconciliationAndTheFlags() {
    long bronzeRead = sum(fixture.audit, SilverBatchAuditTable.BRONZE_ROWS);
    long inserted = sum(fixture.audit, SilverBatchAuditTable.INSERTED_ROWS);
    long quarantined = sum(fixture.audit, SilverBatchAuditTable.QUARANTINED_ROWS);
    long duplicates =
        sum(fixture.audit, SilverBatchAuditTable.DUPLICATES_IN_BATCH)
            + sum(fixture.audit, SilverBatchAuditTable.DUPLICATES_ALREADY_IN_SILVER);
    assertThat(dom)
        .contains(
            Format.count(bronzeRead)
                + " Bronze rows read = "
                + Format.count(inserted)
                + " inserted + "
                + Format.count(quarantined)
                + " quarantined + "
                + Format.count(duplicates)
                + " duplicates");
    long notScored = fixture.silver.size() - fixture.scored.size();
    assertThat(dom)
        .contains(
            Format.count(fixture.silver.size())
                + " Silver events = "
                + Format.count(fixture.scored.size())
                + " scored + "
                + Format.count(notScored)
                + " not scored yet");
    long flagged =
        fixture.predictions.stream()
            .filter(
                r ->
                    r.getBoolean(
                        GoldPredictionsTable.SCHEMA.fieldIndex(GoldPredictionsTable.IS_ANOMALY)))
            .count();
    assertThat(flagged).isPositive();
    assertThat(dom).contains("data-card=\"gold_anomaly_predictions\"");
    assertThat(cardValue(Tables.GOLD_ANOMALY_PREDICTIONS)).isEqualTo(Format.count(flagged));
    assertThat(cardValue(Tables.GOLD_EVENTS_SCORED)).isEqualTo(Format.count(fixture.scored.size()));
  }

  @Test
  void theVerdictFollowsTheLatestMonitorRunAndTheRunsAreTheLatest() {
    assertThat(written.verdict().status()).isEqualTo("BREACH");
    assertThat(dom)
        .contains("Broken: needs action")
        .contains("2 monitor checks in BREACH: drift_psi_feature_log_value, late_rate.")
        .contains("1 monitor check at WARN: freshness_silver.")
        .contains(
            Format.count(fixture.silver.size() - fixture.scored.size())
                + " Silver events not scored yet.")
        .contains("1 Spark stage failed in the latest runs.");
    // silver-job ran twice: the page shows the later run (20 s), not the first (30 s)
    assertThat(dom)
        .contains("20.0 s, started 2026-12-03 12:00:00")
        .doesNotContain("30.0 s, started");
    // its CPU time: the three stages of the later run, 2 + 1.5 + 0.5 s
    assertThat(dom).contains("3 (1 failed)").contains(">4.0 s<");
    // the score of the most anomalous event
    double top =
        fixture.scored.stream()
            .mapToDouble(
                r -> r.getDouble(GoldScoredTable.SCHEMA.fieldIndex(GoldScoredTable.ANOMALY_SCORE)))
            .max()
            .orElseThrow();
    assertThat(dom).contains(String.format(Locale.ROOT, ">%.4f<", top));
    // drift per feature drawn from the latest monitor run
    assertThat(dom).contains(">feature_log_value</text>").contains("0.310  BREACH");
  }

  @Test
  void historyComesFromAuditHistoryWhereItHoldsTheTable() {
    assertThat(historyCaption(Tables.BRONZE_EVENTS)).contains("from audit_history");
    assertThat(historyCaption(Tables.SILVER_EVENTS)).contains("from audit_history");
    assertThat(historyCaption(Tables.GOLD_EVENTS_SCORED)).contains("from DESCRIBE HISTORY");
    assertThat(historyCaption(Tables.GOLD_ANOMALY_PREDICTIONS)).contains("2 commits");
  }

  @Test
  void aDateRangeCutsEachTableOnItsOwnDate() throws Exception {
    LocalDate day = LocalDate.parse("2026-12-02");
    ReportConfig config =
        config(
            "--report.from", day.toString(),
            "--report.to", day.toString(),
            "--report.output", dir.resolve("out/day.html").toString());
    PipelineReport.Written oneDay = PipelineReport.write(SPARK.session(), config, NOW);
    String html = oneDay.html();
    assertThat(rowsCell(html, Tables.BRONZE_EVENTS))
        .isEqualTo(
            Format.count(
                onDay(
                    fixture.bronze, BronzeTable.SCHEMA.fieldIndex(BronzeTable.INGEST_DATE), day)));
    assertThat(rowsCell(html, Tables.SILVER_EVENTS))
        .isEqualTo(
            Format.count(
                onDay(fixture.silver, SilverTable.SCHEMA.fieldIndex(SilverTable.EVENT_DATE), day)));
    assertThat(rowsCell(html, Tables.SILVER_QUARANTINE))
        .isEqualTo(
            Format.count(
                onDay(
                    fixture.quarantine,
                    SilverQuarantineTable.SCHEMA.fieldIndex(SilverQuarantineTable.QUARANTINE_DATE),
                    day)));
    assertThat(rowsCell(html, Tables.GOLD_ANOMALY_PREDICTIONS))
        .isEqualTo(
            Format.count(
                onDay(
                    fixture.predictions,
                    GoldPredictionsTable.SCHEMA.fieldIndex(GoldPredictionsTable.EVENT_DATE),
                    day)));
    assertThat(rowsCell(html, Tables.SILVER_BATCH_AUDIT)).isEqualTo("1");
    // the monitor run of that day found nothing wrong; the later one is out of range
    assertThat(html)
        .contains("<title>Anomaly pipeline report: 2026-12-02</title>")
        .doesNotContain("late_rate");
  }

  @Test
  void tablesNotWrittenYetDoNotStopTheReport() throws Exception {
    ReportConfig config =
        config(
            "--storage.tables-root", dir.resolve("nothing-yet/tables").toString(),
            "--report.output", dir.resolve("nothing-yet/report.html").toString());
    PipelineReport.Written empty = PipelineReport.write(SPARK.session(), config, NOW);
    assertThat(empty.verdict().status()).isEqualTo("WARN");
    for (String table : Tables.PIPELINE_DATA_TABLES) {
      assertThat(rowsCell(empty.html(), table)).isEqualTo("not written yet");
    }
    assertThat(empty.html()).contains("<code>monitor_logs</code> not written yet.");
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static ReportConfig config(String... extra) {
    List<String> flags =
        new java.util.ArrayList<>(
            List.of(
                "--storage.tables-root", dir.resolve("tables").toString(),
                "--storage.checkpoints-root", dir.resolve("checkpoints").toString()));
    flags.addAll(List.of(extra));
    return ReportConfig.fromConfig(
        ConfigReader.of(
            PipelineConfigLoader.load(CommandLine.parse(flags.toArray(String[]::new)))));
  }

  private static long sum(List<Row> rows, String column) {
    int index = SilverBatchAuditTable.SCHEMA.fieldIndex(column);
    return rows.stream().mapToLong(r -> r.getLong(index)).sum();
  }

  private static long onDay(List<Row> rows, int dateIndex, LocalDate day) {
    Predicate<Row> on = r -> ((Date) r.get(dateIndex)).toLocalDate().equals(day);
    return rows.stream().filter(on).count();
  }

  private static String cardValue(String table) {
    var m =
        java.util.regex.Pattern.compile(
                "data-card=\"" + table + "\">.*?<div class=\"value\">([^<]*)<")
            .matcher(dom);
    assertThat(m.find()).as("a card for %s", table).isTrue();
    return m.group(1);
  }

  private static String historyCaption(String table) {
    var m =
        java.util.regex.Pattern.compile(
                "<code>" + table + "</code></h3><div class=\"caption\">([^<]*)<")
            .matcher(dom);
    assertThat(m.find()).as("a history for %s", table).isTrue();
    return m.group(1);
  }

  private static long pixelsNear(String hex) {
    int target = Integer.parseInt(hex.substring(1), 16);
    long n = 0;
    for (int y = 0; y < screenshot.getHeight(); y++) {
      for (int x = 0; x < screenshot.getWidth(); x++) {
        int rgb = screenshot.getRGB(x, y);
        if (Math.abs(((rgb >> 16) & 0xFF) - ((target >> 16) & 0xFF)) <= 6
            && Math.abs(((rgb >> 8) & 0xFF) - ((target >> 8) & 0xFF)) <= 6
            && Math.abs((rgb & 0xFF) - (target & 0xFF)) <= 6) {
          n++;
        }
      }
    }
    return n;
  }
}
