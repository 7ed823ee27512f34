package io.anomalypipe.gold.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AnomalyThresholdTest {
  private static final double[] HUNDRED =
      IntStream.range(0, 100).mapToDouble(i -> i / 100.0).toArray();

  @Test
  void contaminationFlagsCeilOfCTimesNRows() {
    assertThat(AnomalyThreshold.fromContamination(HUNDRED, 0.01).value()).isEqualTo(0.99);
    assertThat(AnomalyThreshold.fromContamination(HUNDRED, 0.07).value()).isEqualTo(0.93);
    assertThat(AnomalyThreshold.fromContamination(HUNDRED, 0.015).value()).isEqualTo(0.98);
    AnomalyThreshold threshold = AnomalyThreshold.fromContamination(HUNDRED, 0.05);
    long flagged = IntStream.range(0, 100).filter(i -> threshold.predict(HUNDRED[i])).count();
    assertThat(flagged).isEqualTo(5);
  }

  @Test
  void tinyContaminationStillFlagsTheTopScore() {
    assertThat(AnomalyThreshold.fromContamination(HUNDRED, 1e-9).value()).isEqualTo(0.99);
  }

  @Test
  void fixedThresholdPredictsInclusively() {
    AnomalyThreshold threshold = AnomalyThreshold.fixed(0.6);
    assertThat(threshold.predict(0.6)).isTrue();
    assertThat(threshold.predict(0.5999)).isFalse();
    assertThatThrownBy(() -> AnomalyThreshold.fixed(Double.NaN))
        .hasMessage("threshold must be finite, got NaN");
  }
}
