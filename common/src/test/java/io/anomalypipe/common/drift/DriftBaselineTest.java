package io.anomalypipe.common.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DriftBaselineTest {

  private static double[] normal(long seed, int n, double shift) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      double u1 = random.nextDouble();
      double u2 = random.nextDouble();
      values[i] = shift + Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
    return values;
  }

  @Test
  void decilesOfContinuousValuesHoldATenthEach() {
    DriftBaseline.Distribution distribution = DriftBaseline.Distribution.of(normal(1, 10_000, 0));

    assertThat(distribution.edges()).hasSize(9).isSorted();
    assertThat(distribution.shares()).hasSize(10);
    for (double share : distribution.shares()) {
      assertThat(share).isCloseTo(0.1, within(0.002));
    }
  }

  @Test
  void tiedValuesMergeTheirEdgesAndEveryShareIsCounted() {
    double[] eventTypes = new double[1000];
    for (int i = 0; i < eventTypes.length; i++) {
      eventTypes[i] = i < 600 ? 0 : i < 900 ? 1 : 2;
    }
    DriftBaseline.Distribution distribution = DriftBaseline.Distribution.of(eventTypes);

    assertThat(distribution.edges()).containsExactly(1.0, 2.0);
    assertThat(distribution.shares()).containsExactly(0.6, 0.3, 0.1);
  }

  @Test
  void theSameDistributionScoresNearZeroAndAShiftAboveTheBreachLevel() {
    DriftBaseline.Distribution baseline = DriftBaseline.Distribution.of(normal(1, 20_000, 0));

    double same = psiOf(baseline, normal(2, 20_000, 0));
    double shifted = psiOf(baseline, normal(3, 20_000, 1.0));

    assertThat(same).isLessThan(0.01);
    assertThat(shifted).isGreaterThan(0.25);
  }

  @Test
  void aBaselineSurvivesItsJsonFile() {
    DriftBaseline baseline =
        DriftBaseline.of(
            List.of("feature_a", "feature_b"),
            new double[][] {{1, 10}, {2, 20}, {3, 30}, {4, 40}},
            new double[] {0.4, 0.5, 0.6, 0.7});

    DriftBaseline read = DriftBaseline.fromJson(baseline.toJson());

    assertThat(read.features().keySet()).containsExactly("feature_a", "feature_b");
    assertThat(read.features().get("feature_b").edges())
        .containsExactly(baseline.features().get("feature_b").edges());
    assertThat(read.score().shares()).containsExactly(baseline.score().shares());
    assertThatThrownBy(() -> DriftBaseline.fromJson("{}".getBytes()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a drift baseline");
  }

  private static double psiOf(DriftBaseline.Distribution baseline, double[] recent) {
    long[] counts = new long[baseline.shares().length];
    for (double value : recent) {
      counts[baseline.bin(value)]++;
    }
    return DriftBaseline.psi(baseline.shares(), DriftBaseline.sharesOf(counts));
  }
}
