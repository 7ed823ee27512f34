package io.anomalypipe.common.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FeatureWindowTest {

  private static final Instant END = Instant.parse("2026-01-05T00:00:00Z");

  @Test
  void endingCoveringAndLookback() {
    FeatureWindow week = FeatureWindow.ending(END, Duration.ofDays(7));
    assertThat(week.start()).isEqualTo(Instant.parse("2025-12-29T00:00:00Z"));
    assertThat(week.length()).isEqualTo(Duration.ofDays(7));
    assertThat(week.withLookback())
        .isEqualTo(new FeatureWindow(Instant.parse("2025-12-28T00:00:00Z"), END));

    FeatureWindow batch = FeatureWindow.covering(1_000L, 1_999L);
    assertThat(batch.start()).isEqualTo(Instant.ofEpochMilli(1_000L));
    assertThat(batch.end()).isEqualTo(Instant.ofEpochMilli(2_000L));
    assertThat(FeatureWindow.covering(5L, 5L).length()).isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void emptyOrBackwardWindowsAreRefused() {
    assertThatThrownBy(() -> new FeatureWindow(END, END))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "a feature window needs start < end, got [2026-01-05T00:00:00Z, 2026-01-05T00:00:00Z)");
    assertThatThrownBy(() -> FeatureWindow.ending(END, Duration.ZERO))
        .hasMessage("a feature window needs a positive length, got PT0S");
    assertThatThrownBy(() -> FeatureWindow.covering(10L, 9L))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
