package io.anomalypipe.gold.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.anomalypipe.gold.evaluation.GroundTruthLabels;
import io.anomalypipe.gold.model.ForestCodec;
import io.anomalypipe.gold.model.IsolationForestParams;
import io.anomalypipe.gold.model.ScoringModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ModelTrainingTest {

  /** 2,000 rows around the origin in 3 dimensions, 20 far away labelled "FAR". */
  private static final int NORMAL = 2_000;

  private static final int FAR = 20;

  private static FeatureMatrix matrix() {
    SplittableRandom random = new SplittableRandom(7);
    int n = NORMAL + FAR;
    String[] ids = new String[n];
    double[][] rows = new double[n][3];
    for (int i = 0; i < n; i++) {
      ids[i] = "e" + i;
      double spread = i < FAR ? 8.0 : 1.0;
      double offset = i < FAR ? 6.0 : 0.0;
      for (int d = 0; d < 3; d++) {
        rows[i][d] = offset + spread * random.nextDouble();
      }
    }
    return new FeatureMatrix(List.of("a", "b", "c"), ids, rows);
  }

  private static GroundTruthLabels farLabels() {
    Map<String, String> labels = new HashMap<>();
    for (int i = 0; i < FAR; i++) {
      labels.put("e" + i, "FAR");
    }
    return GroundTruthLabels.of(labels);
  }

  @Test
  void trainsScoresAndEvaluatesAgainstTheLabels() {
    TrainingOutcome outcome =
        ModelTraining.train(
            matrix(),
            IsolationForestParams.defaults(1).withContamination(0.01),
            ThresholdMode.contamination,
            0.0,
            Optional.of(farLabels()));

    assertThat(outcome.trainingScores()).hasSize(NORMAL + FAR);
    // contamination 0.01 of 2,020 rows: ceil(20.2) = 21 rows at or above the threshold
    assertThat(outcome.flagged()).isEqualTo(21);
    assertThat(outcome.quality()).isPresent();
    assertThat(outcome.quality().get().rocAuc()).isGreaterThan(0.99);
    assertThat(outcome.quality().get().rocAucByKind()).containsOnlyKeys("FAR");
    assertThat(outcome.scoreHistogram().total()).isEqualTo(NORMAL + FAR);
    assertThat(outcome.featureStatistics().asMetrics()).containsKeys("a_mean", "c_max");
  }

  @Test
  void aFixedThresholdReplacesTheContaminationThreshold() {
    TrainingOutcome outcome =
        ModelTraining.train(
            matrix(),
            IsolationForestParams.defaults(1),
            ThresholdMode.fixed,
            0.99,
            Optional.empty());
    assertThat(outcome.compiled().threshold()).isEqualTo(0.99);
    assertThat(outcome.flagged()).isZero();
    assertThat(outcome.quality()).isEmpty();
  }

  @Test
  void theSameMatrixAndSeedGiveTheSameModelBytes() {
    IsolationForestParams params = IsolationForestParams.defaults(99);
    byte[] first =
        encode(
            ModelTraining.train(
                matrix(), params, ThresholdMode.contamination, 0, Optional.empty()));
    byte[] second =
        encode(
            ModelTraining.train(
                matrix(), params, ThresholdMode.contamination, 0, Optional.empty()));
    assertThat(second).isEqualTo(first);
  }

  @Test
  void labelsThatMissTheRowsGiveNoEvaluation() {
    TrainingOutcome outcome =
        ModelTraining.train(
            matrix(),
            IsolationForestParams.defaults(1),
            ThresholdMode.contamination,
            0,
            Optional.of(GroundTruthLabels.of(Map.of("not-in-silver", "BOT_BURST"))));
    assertThat(outcome.quality()).isEmpty();
  }

  @Test
  void anEmptyWindowIsRefusedWithTheRowCount() {
    FeatureMatrix empty = new FeatureMatrix(List.of("a"), new String[0], new double[0][]);
    assertThatThrownBy(
            () ->
                ModelTraining.train(
                    empty,
                    IsolationForestParams.defaults(1),
                    ThresholdMode.contamination,
                    0,
                    Optional.empty()))
        .hasMessage(
            "the training window holds 0 Silver rows; an Isolation Forest needs at least 2");
  }

  private static byte[] encode(TrainingOutcome outcome) {
    return ForestCodec.encode(new ScoringModel(outcome.compiled(), List.of("a", "b", "c")));
  }
}
