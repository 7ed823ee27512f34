package io.anomalypipe.gold.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AveragePathLengthTest {

  @Test
  void smallCasesAreExact() {
    assertThat(AveragePathLength.of(0)).isZero();
    assertThat(AveragePathLength.of(1)).isZero();
    assertThat(AveragePathLength.of(2)).isEqualTo(1.0);
  }

  @Test
  void matchesTheFormulaForPsi256() {
    double expected = 2 * (Math.log(255) + 0.5772156649) - 2.0 * 255 / 256;
    assertThat(AveragePathLength.of(256)).isCloseTo(expected, within(1e-15));
    assertThat(AveragePathLength.of(256)).isCloseTo(10.2448, within(1e-4));
  }

  @Test
  void scoreIsOneHalfAtTheAveragePathLength() {
    assertThat(AveragePathLength.anomalyScore(AveragePathLength.of(256), 256))
        .isCloseTo(0.5, within(1e-15));
  }
}
