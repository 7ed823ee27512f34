package io.anomalypipe.gold.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ThresholdRanksTest {

  @Test
  void rankCountsTheThresholdsAtOrBelowAValue() {
    SplittableRandom random = new SplittableRandom(7L);
    for (int length = 0; length <= 40; length++) {
      assertRanksCount(distinctSorted(random, length), random);
    }
  }

  @Test
  void crowdedSlicesAndWideRangesRankExactly() {
    // Most thresholds in a sliver of the range: slices cannot split them, the search must.
    SplittableRandom random = new SplittableRandom(9L);
    double[] crowded = new double[600];
    for (int i = 0; i < crowded.length - 2; i++) {
      crowded[i] = 1.0 + i * Math.ulp(1.0);
    }
    crowded[crowded.length - 2] = 1e6;
    crowded[crowded.length - 1] = 2e6;
    assertRanksCount(crowded, random);
    assertThat(ThresholdRanks.of(crowded).window()).isGreaterThanOrEqualTo(512);
    // A range too wide for one double subtraction, and infinite thresholds.
    assertRanksCount(new double[] {-Double.MAX_VALUE, -1.0, 0.0, 1.0, Double.MAX_VALUE}, random);
    assertRanksCount(
        new double[] {Double.NEGATIVE_INFINITY, -1e-300, 0.0, 1e-300, Double.POSITIVE_INFINITY},
        random);
    assertRanksCount(new double[] {Double.NEGATIVE_INFINITY}, random);
    assertRanksCount(new double[] {Double.POSITIVE_INFINITY}, random);
    assertRanksCount(new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY}, random);
    assertRanksCount(new double[] {0.0}, random);
    assertRanksCount(new double[] {-3.5, -3.5 + Math.ulp(3.5)}, random);
    // Thresholds of a z-scored feature: both signs, dense near zero.
    double[] zScores = new double[1_200];
    for (int i = 0; i < zScores.length; i++) {
      zScores[i] = random.nextDouble(-1, 1) * random.nextDouble(-1, 1) * 4;
    }
    assertRanksCount(
        Arrays.stream(zScores).sorted().distinct().map(t -> t + 0.0).toArray(), random);
  }

  @Test
  void comparingRanksIsComparingTheDoubles() {
    // v < t, as the reference splits, exactly when rank(v) <= j for the j-th threshold t.
    SplittableRandom random = new SplittableRandom(8L);
    double[] sorted = {
      Double.NEGATIVE_INFINITY,
      -1e300,
      -1.0,
      0.0,
      Double.MIN_VALUE,
      0.5,
      1.0,
      Double.POSITIVE_INFINITY
    };
    ThresholdRanks ranks = ThresholdRanks.of(sorted);
    for (double v : probes(sorted, random)) {
      for (int j = 0; j < sorted.length; j++) {
        assertThat(ranks.rank(v) <= j).as("%s < %s", v, sorted[j]).isEqualTo(v < sorted[j]);
      }
    }
  }

  @Test
  void aColumnIsRankedAsSingleValuesAre() {
    SplittableRandom random = new SplittableRandom(10L);
    double[] sorted = distinctSorted(random, 300);
    ThresholdRanks ranks = ThresholdRanks.of(sorted);
    List<Double> probes = probes(sorted, random);
    int stride = 3;
    double[] x = new double[probes.size() * stride];
    for (int r = 0; r < probes.size(); r++) {
      x[r * stride + 1] = probes.get(r);
    }
    int[] column = new int[probes.size()];
    ranks.rankColumn(x, 1, stride, probes.size(), column, 11);
    for (int r = 0; r < probes.size(); r++) {
      assertThat(column[r]).as("row %d", r).isEqualTo(ranks.rank(probes.get(r)) << 11);
    }
  }

  /** rank(v) = the number of thresholds {@code <= v}, all of them for NaN, for many probes. */
  private static void assertRanksCount(double[] sorted, SplittableRandom random) {
    ThresholdRanks ranks = ThresholdRanks.of(sorted);
    assertThat(ranks.count()).isEqualTo(sorted.length);
    for (double v : probes(sorted, random)) {
      long atOrBelow = Arrays.stream(sorted).filter(t -> t <= v).count();
      int expected = Double.isNaN(v) ? sorted.length : (int) atOrBelow;
      assertThat(ranks.rank(v))
          .as("rank of %s among %d thresholds", v, sorted.length)
          .isEqualTo(expected);
    }
  }

  private static double[] distinctSorted(SplittableRandom random, int length) {
    double[] values = new double[length];
    for (int i = 0; i < length; i++) {
      // Few distinct magnitudes, so that neighbours are often close.
      values[i] = Math.round(random.nextDouble(-1, 1) * 1e6) / 1e3 + i * 1e-9;
    }
    Arrays.sort(values);
    return Arrays.stream(values).distinct().map(t -> t + 0.0).toArray();
  }

  /** Every threshold, its neighbours, signed zeros, infinities, NaNs and random values. */
  private static List<Double> probes(double[] sorted, SplittableRandom random) {
    List<Double> probes = new ArrayList<>();
    for (double t : sorted) {
      probes.add(t);
      probes.add(Math.nextDown(t));
      probes.add(Math.nextUp(t));
    }
    probes.addAll(
        List.of(
            0.0,
            -0.0,
            Double.NaN,
            Double.longBitsToDouble(0xfff8000000000001L),
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            Double.MAX_VALUE,
            -Double.MAX_VALUE,
            Double.MIN_VALUE,
            -Double.MIN_VALUE));
    for (int i = 0; i < 50; i++) {
      probes.add(random.nextDouble(-1100, 1100));
    }
    return probes;
  }
}
