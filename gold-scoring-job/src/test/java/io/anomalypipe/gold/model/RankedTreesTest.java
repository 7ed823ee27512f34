package io.anomalypipe.gold.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RankedTreesTest {

  @Test
  void rankCountsTheThresholdsAtOrBelowAValue() {
    SplittableRandom random = new SplittableRandom(7L);
    for (int length = 0; length <= 40; length++) {
      double[] sorted = distinctSorted(random, length);
      for (double v : probes(sorted, random)) {
        long atOrBelow = Arrays.stream(sorted).filter(t -> t <= v).count();
        int expected = Double.isNaN(v) ? length : (int) atOrBelow;
        assertThat(RankedTrees.rank(sorted, v))
            .as("rank of %s among %s", v, Arrays.toString(sorted))
            .isEqualTo(expected);
      }
    }
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
    for (double v : probes(sorted, random)) {
      for (int j = 0; j < sorted.length; j++) {
        assertThat(RankedTrees.rank(sorted, v) <= j)
            .as("%s < %s", v, sorted[j])
            .isEqualTo(v < sorted[j]);
      }
    }
  }

  @Test
  void featureBitsHoldEveryFeatureIndex() {
    assertThat(RankedTrees.bitsFor(1)).isZero();
    assertThat(RankedTrees.bitsFor(2)).isEqualTo(1);
    assertThat(RankedTrees.bitsFor(7)).isEqualTo(3);
    assertThat(RankedTrees.bitsFor(8)).isEqualTo(3);
    assertThat(RankedTrees.bitsFor(9)).isEqualTo(4);
  }

  private static double[] distinctSorted(SplittableRandom random, int length) {
    double[] values = new double[length];
    for (int i = 0; i < length; i++) {
      // Few distinct magnitudes, so that neighbours are often close.
      values[i] = Math.round(random.nextDouble(-1, 1) * 1e6) / 1e3 + i * 1e-9;
    }
    Arrays.sort(values);
    return Arrays.stream(values).distinct().toArray();
  }

  /** Every threshold, its neighbours, signed zeros, infinities, NaN and random values. */
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
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            Double.MAX_VALUE,
            -Double.MAX_VALUE));
    for (int i = 0; i < 50; i++) {
      probes.add(random.nextDouble(-1100, 1100));
    }
    return probes;
  }
}
