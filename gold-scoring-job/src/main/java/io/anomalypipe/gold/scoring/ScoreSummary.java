package io.anomalypipe.gold.scoring;

import static org.apache.spark.sql.functions.col;

import io.anomalypipe.gold.report.ScoreHistogram;
import io.anomalypipe.gold.report.ScoreQuantiles;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * The distribution of the scores a job run wrote, summed over its micro-batches: rows, flagged
 * rows, exact min/max/mean, and counts in {@value #FINE_BINS} bins of 0.001 ({@link
 * ScoreHistogram#binOf}). Summaries of batches add up exactly, which quantiles do not; the run's
 * quantiles are read from the merged bins, to within half a bin (0.0005), and the 50-bin chart
 * histogram is the fine bins taken 20 at a time.
 *
 * <p>Computed by Spark on the executors ({@link #of}): only the aggregates and at most {@value
 * #FINE_BINS} bin counts reach the driver.
 */
public record ScoreSummary(
    long rows, long anomalies, double min, double max, double sum, long[] fineCounts) {

  /** Bins of the merged histogram: 0.001 wide. */
  public static final int FINE_BINS = 1000;

  public static final ScoreSummary EMPTY =
      new ScoreSummary(
          0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, new long[FINE_BINS]);

  public ScoreSummary {
    if (fineCounts.length != FINE_BINS) {
      throw new IllegalArgumentException(
          "expected " + FINE_BINS + " bins, got " + fineCounts.length);
    }
    fineCounts = fineCounts.clone();
  }

  /**
   * The summary of {@code scored}'s {@code scoreColumn} and boolean {@code flagColumn}: one
   * aggregation by bin, at most {@value #FINE_BINS} rows to the driver.
   */
  public static ScoreSummary of(Dataset<Row> scored, String scoreColumn, String flagColumn) {
    UserDefinedFunction fineBin =
        functions.udf((UDF1<Double, Integer>) ScoreSummary::fineBin, DataTypes.IntegerType);
    List<Row> bins =
        scored
            .groupBy(fineBin.apply(col(scoreColumn)).as("bin"))
            .agg(
                functions.count(functions.lit(1)),
                functions.sum(functions.when(col(flagColumn), 1L).otherwise(0L)),
                functions.min(col(scoreColumn)),
                functions.max(col(scoreColumn)),
                functions.sum(col(scoreColumn)))
            .collectAsList();
    if (bins.isEmpty()) {
      return EMPTY;
    }
    long[] counts = new long[FINE_BINS];
    long rows = 0;
    long anomalies = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sum = 0.0;
    for (Row bin : bins) {
      counts[bin.getInt(0)] = bin.getLong(1);
      rows += bin.getLong(1);
      anomalies += bin.getLong(2);
      min = Math.min(min, bin.getDouble(3));
      max = Math.max(max, bin.getDouble(4));
      sum += bin.getDouble(5);
    }
    return new ScoreSummary(rows, anomalies, min, max, sum, counts);
  }

  /** Summary of one more batch. */
  public ScoreSummary plus(ScoreSummary other) {
    long[] counts = fineCounts.clone();
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.fineCounts[i];
    }
    return new ScoreSummary(
        rows + other.rows,
        anomalies + other.anomalies,
        Math.min(min, other.min),
        Math.max(max, other.max),
        sum + other.sum,
        counts);
  }

  static Integer fineBin(Double score) {
    return ScoreHistogram.binOf(score, FINE_BINS);
  }

  /** Flagged share of the rows; 0 when there are none. */
  public double anomalyRate() {
    return rows == 0 ? 0.0 : (double) anomalies / rows;
  }

  /**
   * Quantiles from the bins (each the middle of the bin holding the nearest-rank row, kept within
   * [min, max]) and the exact min, max and mean.
   *
   * @throws IllegalStateException when no row was scored
   */
  public ScoreQuantiles quantiles() {
    if (rows == 0) {
      throw new IllegalStateException("no scores to summarise");
    }
    return new ScoreQuantiles(
        min, quantile(0.50), quantile(0.90), quantile(0.99), quantile(0.999), max, sum / rows);
  }

  /** The {@link ScoreHistogram#DEFAULT_BINS}-bin histogram for the chart. */
  public ScoreHistogram histogram() {
    int bins = ScoreHistogram.DEFAULT_BINS;
    int perBin = FINE_BINS / bins;
    long[] counts = new long[bins];
    for (int i = 0; i < FINE_BINS; i++) {
      counts[i / perBin] += fineCounts[i];
    }
    return new ScoreHistogram(counts);
  }

  /**
   * MLflow metrics: {@code <prefix>rows}, {@code anomalies}, {@code anomaly_rate}, and the
   * quantiles as {@code <prefix>score_p50} etc. (only rows/anomalies/rate when nothing was scored).
   */
  public Map<String, Double> asMetrics(String prefix) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put(prefix + "rows_scored", (double) rows);
    metrics.put(prefix + "anomalies", (double) anomalies);
    metrics.put(prefix + "anomaly_rate", anomalyRate());
    if (rows > 0) {
      metrics.putAll(quantiles().asMetrics(prefix + "score"));
    }
    return metrics;
  }

  private double quantile(double q) {
    long rank = Math.max(1, (long) Math.ceil(q * rows));
    long seen = 0;
    for (int i = 0; i < FINE_BINS; i++) {
      seen += fineCounts[i];
      if (seen >= rank) {
        double middle = (i + 0.5) / FINE_BINS;
        return Math.max(min, Math.min(max, middle));
      }
    }
    return max;
  }

  @Override
  public long[] fineCounts() {
    return fineCounts.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ScoreSummary s
        && rows == s.rows
        && anomalies == s.anomalies
        && Double.compare(min, s.min) == 0
        && Double.compare(max, s.max) == 0
        && Double.compare(sum, s.sum) == 0
        && Arrays.equals(fineCounts, s.fineCounts);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(rows) * 31 + Arrays.hashCode(fineCounts);
  }

  @Override
  public String toString() {
    return "ScoreSummary[rows="
        + rows
        + ", anomalies="
        + anomalies
        + ", min="
        + min
        + ", max="
        + max
        + ", mean="
        + (rows == 0 ? Double.NaN : sum / rows)
        + "]";
  }
}
