package io.anomalypipe.gold.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ForestQualityTest {

  @Test
  void separatesFarOutliersFromGaussianClusters() {
    SyntheticData data = SyntheticData.clustersWithOutliers(10_000, 6, 4, 0.01, 2026L);
    TrainedForest forest =
        IsolationForestTrainer.fit(data.rows(), IsolationForestParams.defaults(17L));
    CompiledForest compiled = CompiledForest.compile(forest);
    double[] scores = new double[data.rows().length];
    compiled.scoreBatch(data.rows(), scores);

    double auc = RocAuc.of(scores, data.isOutlier());
    // 0.99998 with these seeds.
    assertThat(auc).as("ROC AUC").isGreaterThanOrEqualTo(0.95);

    int truePositives = 0;
    for (int i = 0; i < scores.length; i++) {
      if (data.isOutlier()[i] && compiled.predict(scores[i])) {
        truePositives++;
      }
    }
    // contamination 0.01 matches the outlier share: most flagged rows should be the outliers.
    assertThat(truePositives).isGreaterThanOrEqualTo(80);
  }
}
