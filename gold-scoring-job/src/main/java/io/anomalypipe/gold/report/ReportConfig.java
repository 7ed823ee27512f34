package io.anomalypipe.gold.report;

import io.anomalypipe.common.config.ConfigReader;
import io.anomalypipe.common.config.InvalidConfigException;
import io.anomalypipe.common.config.SparkSettings;
import io.anomalypipe.common.config.StorageLayout;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What {@code bin/report} reads from configuration ({@code pipeline.report}, plus {@code storage}
 * and {@code spark}), validated at start-up.
 *
 * @param from first UTC date of the report's range (inclusive); empty = from the beginning
 * @param to last UTC date of the range (inclusive); empty = up to now
 * @param output where the HTML page goes (any Hadoop file system path)
 * @param topAnomalies how many of the highest-scored events the page lists
 * @param rateBucket the time bucket of the anomaly-rate chart
 * @param historyCommits how many of each table's latest Delta commits the page lists
 */
public record ReportConfig(
    StorageLayout storage,
    SparkSettings spark,
    Optional<LocalDate> from,
    Optional<LocalDate> to,
    String output,
    int topAnomalies,
    RateBucket rateBucket,
    int historyCommits) {

  /** The file name of the page when {@code report.output} is not set. */
  public static final String DEFAULT_FILE_NAME = "pipeline-report.html";

  /** The time bucket of the anomaly rate over time. */
  public enum RateBucket {
    /** Hours when the data spans at most four days, else days. */
    auto,
    hour,
    day
  }

  public static ReportConfig fromConfig(ConfigReader pipeline) {
    ConfigReader report = pipeline.section("report");
    StorageLayout storage = StorageLayout.fromConfig(pipeline);
    Optional<LocalDate> from = date(report, "from");
    Optional<LocalDate> to = date(report, "to");
    if (from.isPresent() && to.isPresent() && to.get().isBefore(from.get())) {
      throw new InvalidConfigException(
          report.fullKey("to"),
          to.get(),
          "is before " + report.fullKey("from") + " (" + from.get() + ")");
    }
    String output = report.string("output").strip();
    return new ReportConfig(
        storage,
        SparkSettings.fromConfig(pipeline),
        from,
        to,
        output.isEmpty() ? defaultOutput(storage.tablesRoot()) : output,
        report.intInRange("top-anomalies", 1, 1000),
        report.oneOf("rate-bucket", RateBucket.class),
        report.intInRange("history-commits", 1, 1000));
  }

  /** The range the report covers: the whole history when neither end is set. */
  public ReportRange range() {
    return new ReportRange(from, to);
  }

  /**
   * {@code <parent of tables-root>/reports/pipeline-report.html}: beside the tables' folder, e.g.
   * {@code .run/reports/} for {@code .run/tables}; under the root itself when it has no parent.
   */
  static String defaultOutput(String tablesRoot) {
    int slash = tablesRoot.lastIndexOf('/');
    int schemeEnd = tablesRoot.indexOf("://");
    int authorityEnd = schemeEnd < 0 ? -1 : tablesRoot.indexOf('/', schemeEnd + 3);
    boolean hasParent = slash > 0 && (schemeEnd < 0 || slash >= authorityEnd && authorityEnd > 0);
    String base = hasParent ? tablesRoot.substring(0, slash) : tablesRoot;
    return base + "/reports/" + DEFAULT_FILE_NAME;
  }

  private static Optional<LocalDate> date(ConfigReader report, String key) {
    String text = report.string(key).strip();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(text));
    } catch (DateTimeParseException e) {
      throw new InvalidConfigException(
          report.fullKey(key), text, "expected an ISO date such as 2026-12-01, or \"\" for none");
    }
  }
}
