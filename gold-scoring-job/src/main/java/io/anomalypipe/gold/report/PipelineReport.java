package io.anomalypipe.gold.report;

import io.anomalypipe.common.job.JobDescription;
import io.anomalypipe.common.job.JobLauncher;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * {@code bin/report}: the pipeline's state as one static HTML page — a verdict, the big numbers,
 * rows and reconciliation per layer, freshness and the latest monitor checks, throughput per
 * micro-batch, the score histogram and the anomaly rate over time, drift per feature, the top
 * anomalies with their features, each job's step timings and Spark task metrics, and each table's
 * Delta history. Everything is inline (CSS, SVG charts; no script, nothing fetched), so the file
 * can be mailed, archived or printed. It only reads the tables; a table not written yet is shown as
 * such.
 *
 * <p>How to run it locally, after {@code bin/demo} (the page goes to {@code
 * .run/reports/pipeline-report.html}, beside {@code .run/tables}):
 *
 * <pre>
 * bin/report
 * bin/report --report.from 2026-12-01 --report.to 2026-12-04 --report.output /tmp/week.html
 * bin/report --storage.tables-root /data/tables --observability.enabled false   # read-only
 * bin/report --help                                                               # every key
 * </pre>
 *
 * <p>Like every Spark job it records its own run in the observability tables under the tables root;
 * {@code --observability.enabled false} keeps it from writing anything but the page.
 */
public final class PipelineReport {

  static final JobDescription DESCRIPTION =
      new JobDescription(
          "pipeline-report",
          "gold",
          "Usage: report [--config FILE] [--<key> VALUE ...]\n"
              + "Writes an HTML page of the pipeline's tables: verdict, rows and reconciliation per"
              + " layer, freshness, throughput, scores, drift, top anomalies, job runs, history.",
          List.of("report", "storage", "spark", "observability"));

  private PipelineReport() {}

  public static void main(String[] args) {
    JobLauncher.launchOnSpark(
        DESCRIPTION,
        args,
        ReportConfig::fromConfig,
        ReportConfig::spark,
        (spark, config, runId) -> {
          Written written = write(spark, config, Instant.now());
          System.out.println(
              "report: "
                  + written.path()
                  + " ("
                  + written.verdict().status()
                  + ": "
                  + written.verdict().headline()
                  + "; "
                  + written.data().range().describe()
                  + ")");
        });
  }

  /** The page written, where, and what it says. */
  public record Written(String path, ReportData data, Verdict verdict, String html) {}

  /** Gathers the figures as of {@code now}, renders the page and writes it to the output path. */
  public static Written write(SparkSession spark, ReportConfig config, Instant now)
      throws IOException {
    ReportData data = ReportData.collect(spark, config, now);
    String html = HtmlReport.render(data);
    String written = save(spark, config.output(), html);
    return new Written(written, data, Verdict.of(data), html);
  }

  /**
   * Writes the page: a local path with plain Java (no Hadoop {@code .crc} file beside it), any
   * other file system through Hadoop's, with Spark's Hadoop configuration. Returns where it went.
   */
  static String save(SparkSession spark, String output, String html) throws IOException {
    byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
    URI uri = new Path(output).toUri();
    if (uri.getScheme() == null || uri.getScheme().equals("file")) {
      java.nio.file.Path file = java.nio.file.Path.of(uri.getPath()).toAbsolutePath();
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
      return file.toString();
    }
    Path path = new Path(output);
    FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
    try (OutputStream out = fs.create(path, true)) {
      out.write(bytes);
    }
    return fs.makeQualified(path).toString();
  }
}
