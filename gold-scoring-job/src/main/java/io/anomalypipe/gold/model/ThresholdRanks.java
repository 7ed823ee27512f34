package io.anomalypipe.gold.model;

import java.util.Arrays;

/**
 * The rank of a value among one feature's distinct split thresholds: how many of them are {@code
 * <=} the value (all of them for NaN, as a NaN goes right at every split). {@link RankedTrees}
 * ranks every value of a block once per feature, so this is the part of block scoring that touches
 * doubles.
 *
 * <p><b>Why a table.</b> A binary search over the ~1,000 thresholds a feature has in a 100-tree
 * forest takes 11 dependent steps, and its far steps leave the L1 cache. Here the range of the
 * finite thresholds is cut into {@code buckets} equal slices; {@code start[b]} is the number of
 * thresholds below slice b. A value's slice is one subtraction, one multiplication and one
 * conversion; then a branch-free search over the few thresholds a slice holds, at most {@code
 * window} of them, finishes the count: two or three steps instead of eleven.
 *
 * <p><b>Why it is exact.</b> The slice of v is {@code clamp((int) ((v − origin) × scale), 0,
 * buckets − 1)}, NaN aside. Each of those operations is monotone (IEEE subtraction and
 * multiplication round monotonically, the conversion truncates and saturates), so {@code t <= v}
 * implies slice(t) <= slice(v). Hence every threshold in an earlier slice is {@code <= v}, every
 * one in a later slice is {@code > v}, and only the thresholds of v's own slice need comparing —
 * with the doubles themselves, so ties, −0.0 = 0.0, infinities and one-ulp neighbours count as
 * {@code <=} counts them. Slice positions are only a guess at where to look; the comparisons alone
 * decide the rank. A NaN value gets the extra slice {@code buckets}, which starts after all
 * thresholds. The thresholds are followed by {@code window} NaNs, never {@code <=} anything, so the
 * search may read past a slice's end.
 */
final class ThresholdRanks {

  /** Slices tried per threshold at most: the table stays within a few times the thresholds. */
  private static final int MAX_BUCKETS_PER_THRESHOLD = 8;

  /** A slice search of this many thresholds (two steps and the last comparison) is enough. */
  private static final int TARGET_WINDOW = 4;

  /** The distinct non-NaN thresholds ascending (no −0.0), then {@link #window} NaNs. */
  private final double[] padded;

  private final int count;

  /** {@code start[b]}: thresholds in slices before b; {@code start[buckets] = count} (NaN's). */
  private final int[] start;

  private final double origin;
  private final double scale;
  private final int buckets;

  /** A power of two at least the most thresholds one slice holds. */
  private final int window;

  private ThresholdRanks(
      double[] padded, int count, int[] start, double origin, double scale, int window) {
    this.padded = padded;
    this.count = count;
    this.start = start;
    this.origin = origin;
    this.scale = scale;
    this.buckets = start.length - 1;
    this.window = window;
  }

  /**
   * The ranks among {@code sorted}: distinct, ascending, no NaN, 0.0 rather than −0.0 (as {@link
   * RankedTrees} collects them). Tries more slices until one holds at most {@link #TARGET_WINDOW}
   * thresholds, or the table reaches {@link #MAX_BUCKETS_PER_THRESHOLD} per threshold.
   */
  static ThresholdRanks of(double[] sorted) {
    int n = sorted.length;
    double lowest = Double.NaN;
    double highest = Double.NaN;
    for (double t : sorted) {
      if (Double.isFinite(t)) {
        lowest = Double.isNaN(lowest) ? t : lowest;
        highest = t;
      }
    }
    double origin = Double.isNaN(lowest) ? 0.0 : lowest;
    int buckets = Integer.highestOneBit(Math.max(1, n));
    while (true) {
      double scale = highest > lowest ? buckets / (highest - lowest) : 0.0;
      // A range too wide for doubles (scale 0 or infinite) puts every value in slice 0.
      scale = Double.isFinite(scale) ? scale : 0.0;
      int[] start = new int[buckets + 2];
      for (double t : sorted) {
        start[bucketOf(t, origin, scale, buckets) + 1]++;
      }
      int most = 0;
      for (int b = 0; b <= buckets; b++) {
        most = Math.max(most, start[b + 1]);
        start[b + 1] += start[b];
      }
      int window = Integer.highestOneBit(Math.max(1, most));
      window = window < most ? window << 1 : window;
      if (window <= TARGET_WINDOW || buckets >= MAX_BUCKETS_PER_THRESHOLD * Math.max(1, n)) {
        double[] padded = Arrays.copyOf(sorted, n + window);
        Arrays.fill(padded, n, n + window, Double.NaN);
        // start has buckets + 2 entries; the last, count again, is never read.
        return new ThresholdRanks(
            padded, n, Arrays.copyOf(start, buckets + 1), origin, scale, window);
      }
      buckets <<= 1;
    }
  }

  /** The slice of {@code v}: monotone in v, NaN after all others. */
  private static int bucketOf(double v, double origin, double scale, int buckets) {
    int b = Math.max(0, Math.min(buckets - 1, (int) ((v - origin) * scale)));
    return v != v ? buckets : b;
  }

  /** The number of thresholds {@code <= v}; all of them for NaN. */
  int rank(double v) {
    final double[] padded = this.padded;
    int at = start[bucketOf(v, origin, scale, buckets)];
    for (int step = window >>> 1; step > 0; step >>>= 1) {
      // Branch-free: a conditional move, as the outcome is a coin toss.
      at = padded[at + step - 1] <= v ? at + step : at;
    }
    return at + (padded[at] <= v ? 1 : 0);
  }

  /**
   * Stores {@code rank(x[from + r * stride]) << shift} in {@code column[r]} for r in [0, {@code
   * rows}).
   */
  void rankColumn(double[] x, int from, int stride, int rows, int[] column, int shift) {
    final double[] padded = this.padded;
    final int[] start = this.start;
    final double origin = this.origin;
    final double scale = this.scale;
    final int buckets = this.buckets;
    final int window = this.window;
    for (int r = 0, i = from; r < rows; r++, i += stride) {
      final double v = x[i];
      int at = start[bucketOf(v, origin, scale, buckets)];
      for (int step = window >>> 1; step > 0; step >>>= 1) {
        at = padded[at + step - 1] <= v ? at + step : at;
      }
      column[r] = (at + (padded[at] <= v ? 1 : 0)) << shift;
    }
  }

  /** The number of thresholds. */
  int count() {
    return count;
  }

  /** The most thresholds compared after the slice is found, for tests. */
  int window() {
    return window;
  }
}
