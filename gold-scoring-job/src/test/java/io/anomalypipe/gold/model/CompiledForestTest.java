package io.anomalypipe.gold.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CompiledForestTest {

  @Test
  void matchesReferenceOnATrainedForest() {
    SyntheticData data = SyntheticData.clustersWithOutliers(3_000, 6, 3, 0.01, 21L);
    TrainedForest forest =
        IsolationForestTrainer.fit(data.rows(), IsolationForestParams.defaults(8L));
    assertSameScores(forest, data.rows());
    // Rows never seen in training, including far outside the training range.
    assertSameScores(forest, SyntheticData.uniform(3_000, 6, -100, 100, 22L));
  }

  @Test
  void matchesReferenceOnRandomlyShapedForests() {
    SplittableRandom random = new SplittableRandom(99L);
    for (int trial = 0; trial < 20; trial++) {
      int featureCount = 1 + random.nextInt(8);
      int psi = 2 + random.nextInt(500);
      List<IsolationTree> trees = new ArrayList<>();
      for (int t = 0, count = 1 + random.nextInt(30); t < count; t++) {
        trees.add(new IsolationTree(randomNode(random, featureCount, psi, 0), psi, 12));
      }
      TrainedForest forest = new TrainedForest(trees, psi, featureCount, 0.6);
      assertSameScores(forest, SyntheticData.uniform(500, featureCount, -1, 1, trial));
    }
  }

  @Test
  void batchAndFlatRowMajorScoringAgreeWithSingleRows() {
    double[][] rows = SyntheticData.uniform(200, 4, -1, 1, 5L);
    CompiledForest compiled =
        CompiledForest.compile(
            IsolationForestTrainer.fit(rows, IsolationForestParams.defaults(2L)));
    double[] batch = new double[rows.length];
    compiled.scoreBatch(rows, batch);
    double[] flat = new double[rows.length * 4 + 3];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, flat, 3 + i * 4, 4);
    }
    for (int i = 0; i < rows.length; i++) {
      assertThat(batch[i]).isEqualTo(compiled.score(rows[i]));
      assertThat(compiled.score(flat, 3 + i * 4)).isEqualTo(batch[i]);
    }
  }

  @Test
  void shortRowsAreRefused() {
    CompiledForest compiled =
        CompiledForest.compile(
            IsolationForestTrainer.fit(
                SyntheticData.uniform(100, 4, 0, 1, 1L), IsolationForestParams.defaults(2L)));
    assertThatThrownBy(() -> compiled.score(new double[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a row needs 4 features, got 3");
    assertThatThrownBy(() -> compiled.score(new double[8], 5))
        .hasMessageContaining("a row needs 4 features, got 3");
  }

  static void assertSameScores(TrainedForest forest, double[][] rows) {
    ReferenceScorer reference = new ReferenceScorer(forest);
    CompiledForest compiled = CompiledForest.compile(forest);
    for (double[] row : rows) {
      assertThat(compiled.score(row)).isCloseTo(reference.score(row), within(1e-12));
    }
  }

  private static TreeNode randomNode(
      SplittableRandom random, int featureCount, int size, int depth) {
    if (size == 1 || depth >= 12 || random.nextInt(4) == 0) {
      return new TreeNode.Leaf(size);
    }
    int leftSize = 1 + random.nextInt(size - 1);
    return new TreeNode.Split(
        random.nextInt(featureCount),
        random.nextDouble(-1, 1),
        size,
        randomNode(random, featureCount, leftSize, depth + 1),
        randomNode(random, featureCount, size - leftSize, depth + 1));
  }
}
