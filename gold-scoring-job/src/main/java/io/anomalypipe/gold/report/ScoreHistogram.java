package io.anomalypipe.gold.report;

import java.util.Arrays;

/**
 * Counts of anomaly scores in equal-width bins over [0, 1] (Isolation Forest scores lie in (0, 1];
 * a score of exactly 1 falls in the last bin). Built from scores on the driver at training time, or
 * from per-bin counts aggregated by Spark at scoring time ({@link #binOf} is the one binning rule
 * for both).
 */
public record ScoreHistogram(long[] counts) {

  /** 50 bins of 0.02: fine enough to see the tail above a typical threshold of 0.55–0.7. */
  public static final int DEFAULT_BINS = 50;

  public ScoreHistogram {
    if (counts.length < 1) {
      throw new IllegalArgumentException("a histogram needs at least one bin");
    }
    counts = counts.clone();
  }

  public static ScoreHistogram of(double[] scores, int bins) {
    long[] counts = new long[bins];
    for (double score : scores) {
      counts[binOf(score, bins)]++;
    }
    return new ScoreHistogram(counts);
  }

  /** The bin of {@code score}: ⌊score · bins⌋, clamped to [0, bins − 1]. */
  public static int binOf(double score, int bins) {
    int bin = (int) Math.floor(score * bins);
    return Math.max(0, Math.min(bins - 1, bin));
  }

  public int bins() {
    return counts.length;
  }

  public long total() {
    return Arrays.stream(counts).sum();
  }

  @Override
  public long[] counts() {
    return counts.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ScoreHistogram h && Arrays.equals(counts, h.counts);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    return "ScoreHistogram" + Arrays.toString(counts);
  }
}
