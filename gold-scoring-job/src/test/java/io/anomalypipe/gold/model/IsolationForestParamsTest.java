package io.anomalypipe.gold.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IsolationForestParamsTest {

  @Test
  void defaultsAreThoseOfThePaper() {
    IsolationForestParams p = IsolationForestParams.defaults(7L);
    assertThat(p.numTrees()).isEqualTo(100);
    assertThat(p.subsampleSize()).isEqualTo(256);
    assertThat(p.extensionLevel()).isZero();
    assertThat(p.seed()).isEqualTo(7L);
    assertThat(p.contamination()).isEqualTo(0.01);
  }

  @Test
  void messagesNameTheParameterAndTheValue() {
    IsolationForestParams p = IsolationForestParams.defaults(1L);
    assertThatThrownBy(() -> p.withNumTrees(-3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("numTrees must be > 0, got -3");
    assertThatThrownBy(() -> p.withSubsampleSize(1))
        .hasMessage("subsampleSize must be >= 2, got 1");
    assertThatThrownBy(() -> p.withExtensionLevel(-1))
        .hasMessage("extensionLevel must be >= 0, got -1");
    assertThatThrownBy(() -> p.withContamination(0.0))
        .hasMessage("contamination must be in (0, 0.5], got 0.0");
    assertThatThrownBy(() -> p.withContamination(0.6))
        .hasMessage("contamination must be in (0, 0.5], got 0.6");
    assertThatThrownBy(() -> p.withContamination(Double.NaN))
        .hasMessage("contamination must be in (0, 0.5], got NaN");
  }
}
