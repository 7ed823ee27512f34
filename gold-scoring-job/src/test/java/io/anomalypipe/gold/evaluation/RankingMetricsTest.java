package io.anomalypipe.gold.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {

  @Test
  void averagePrecisionMatchesScikitLearnsDocumentedExample() {
    // sklearn.metrics.average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.8333…
    double ap =
        AveragePrecision.of(
            new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true});
    assertThat(ap).isCloseTo(5.0 / 6.0, within(1e-12));
  }

  @Test
  void averagePrecisionIsOneForAPerfectRankingAndTreatsTiesAsOneThreshold() {
    assertThat(
            AveragePrecision.of(
                new double[] {0.9, 0.8, 0.2, 0.1}, new boolean[] {true, true, false, false}))
        .isEqualTo(1.0);
    // all tied: one threshold holding everything, precision = base rate
    assertThat(
            AveragePrecision.of(
                new double[] {0.5, 0.5, 0.5, 0.5}, new boolean[] {true, false, false, false}))
        .isEqualTo(0.25);
  }

  @Test
  void precisionAtKCountsHitsAmongTheTopKWithDeterministicTies() {
    double[] scores = {0.9, 0.1, 0.7, 0.7, 0.3};
    boolean[] positive = {true, false, false, true, false};
    assertThat(PrecisionAtK.of(scores, positive, 1)).isEqualTo(1.0);
    // ties at 0.7: the lower index (row 2, negative) comes first
    assertThat(PrecisionAtK.of(scores, positive, 2)).isEqualTo(0.5);
    assertThat(PrecisionAtK.of(scores, positive, 3)).isCloseTo(2.0 / 3.0, within(1e-12));
    assertThatThrownBy(() -> PrecisionAtK.of(scores, positive, 6))
        .hasMessage("k must be between 1 and the number of rows (5), got 6");
  }

  @Test
  void detectionQualityReportsEachKindAgainstTheNormalRows() {
    double[] scores = {0.9, 0.2, 0.8, 0.3, 0.1, 0.25};
    List<String> kinds = Arrays.asList("BOT_BURST", null, "ODD_HOUR", null, null, "ODD_HOUR");

    DetectionQuality quality = DetectionQuality.evaluate(scores, kinds);

    assertThat(quality.rows()).isEqualTo(6);
    assertThat(quality.positives()).isEqualTo(3);
    assertThat(quality.k()).isEqualTo(3);
    // top 3: 0.9 (bot), 0.8 (odd), 0.3 (normal)
    assertThat(quality.precisionAtK()).isCloseTo(2.0 / 3.0, within(1e-12));
    assertThat(quality.rocAucByKind()).containsEntry("BOT_BURST", 1.0);
    // ODD_HOUR: 0.8 beats all 3 normals, 0.25 beats 2 of 3 → (3 + 2) / 6
    assertThat(quality.rocAucByKind().get("ODD_HOUR")).isCloseTo(5.0 / 6.0, within(1e-12));
    assertThat(quality.rocAuc()).isCloseTo(8.0 / 9.0, within(1e-12));
  }

  @Test
  void detectionQualityRefusesDataWithoutBothClasses() {
    assertThatThrownBy(
            () -> DetectionQuality.evaluate(new double[] {0.1, 0.2}, Arrays.asList(null, null)))
        .hasMessage(
            "evaluation needs labelled anomalies and normal rows, got 0 anomalies in 2 rows");
  }
}
