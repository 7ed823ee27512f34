package io.anomalypipe.gold.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsolationForestTrainerTest {
  private static final double[][] DATA = SyntheticData.uniform(2_000, 5, -1, 1, 11L);

  private static byte[] encode(TrainedForest forest) {
    return ForestCodec.encode(new ScoringModel(CompiledForest.compile(forest), List.of()));
  }

  @Test
  void sameSeedAndDataGiveIdenticalBytes() {
    IsolationForestParams params = IsolationForestParams.defaults(42L);
    byte[] first = encode(IsolationForestTrainer.fit(DATA, params));
    byte[] second = encode(IsolationForestTrainer.fit(DATA, params));
    assertThat(second).isEqualTo(first);
    assertThat(ForestCodec.sha256Hex(second)).isEqualTo(ForestCodec.sha256Hex(first));
  }

  @Test
  void differentSeedGivesADifferentModel() {
    byte[] first = encode(IsolationForestTrainer.fit(DATA, IsolationForestParams.defaults(42L)));
    byte[] second = encode(IsolationForestTrainer.fit(DATA, IsolationForestParams.defaults(43L)));
    assertThat(second).isNotEqualTo(first);
  }

  @Test
  void everyTreeIsBuiltFromExactlyPsiRows() {
    TrainedForest forest =
        IsolationForestTrainer.fit(
            DATA, IsolationForestParams.defaults(1L).withSubsampleSize(100).withNumTrees(30));
    assertThat(forest.subsampleSize()).isEqualTo(100);
    for (IsolationTree tree : forest.trees()) {
      assertThat(tree.trainingSize()).isEqualTo(100);
      assertThat(tree.root().size()).isEqualTo(100);
      assertThat(leafSizes(tree.root()).stream().mapToInt(Integer::intValue).sum()).isEqualTo(100);
    }
  }

  @Test
  void psiLargerThanTheDataIsClampedToN() {
    double[][] small = SyntheticData.uniform(50, 3, 0, 1, 3L);
    TrainedForest forest = IsolationForestTrainer.fit(small, IsolationForestParams.defaults(1L));
    assertThat(forest.subsampleSize()).isEqualTo(50);
    assertThat(forest.trees()).allSatisfy(tree -> assertThat(tree.root().size()).isEqualTo(50));
    assertThat(forest.trees()).allSatisfy(tree -> assertThat(tree.heightLimit()).isEqualTo(6));
  }

  @Test
  void heightLimitIsCeilLog2OfPsiAndHonoured() {
    assertThat(IsolationForestTrainer.heightLimit(2)).isEqualTo(1);
    assertThat(IsolationForestTrainer.heightLimit(255)).isEqualTo(8);
    assertThat(IsolationForestTrainer.heightLimit(256)).isEqualTo(8);
    assertThat(IsolationForestTrainer.heightLimit(257)).isEqualTo(9);

    TrainedForest forest =
        IsolationForestTrainer.fit(DATA, IsolationForestParams.defaults(5L).withSubsampleSize(64));
    int deepest = 0;
    for (IsolationTree tree : forest.trees()) {
      assertThat(tree.heightLimit()).isEqualTo(6);
      assertThat(tree.depth()).isLessThanOrEqualTo(6);
      deepest = Math.max(deepest, tree.depth());
    }
    // With 64 distinct rows some tree must reach the limit, or the limit was never exercised.
    assertThat(deepest).isEqualTo(6);
  }

  @Test
  void allEqualRowsMakeASingleLeaf() {
    double[][] constant = new double[20][3];
    TrainedForest forest =
        IsolationForestTrainer.fit(constant, IsolationForestParams.defaults(1L).withNumTrees(3));
    assertThat(forest.trees())
        .allSatisfy(tree -> assertThat(tree.root()).isEqualTo(new TreeNode.Leaf(20)));
  }

  @Test
  void subsamplesAreDistinctSortedRowsInRange() {
    SplittableRandom random = new SplittableRandom(9L);
    for (int trial = 0; trial < 100; trial++) {
      int[] rows = IsolationForestTrainer.drawSubsample(300, 256, random);
      assertThat(rows).hasSize(256).isSorted().doesNotHaveDuplicates();
      assertThat(rows[0]).isGreaterThanOrEqualTo(0);
      assertThat(rows[255]).isLessThan(300);
    }
    assertThat(IsolationForestTrainer.drawSubsample(10, 10, random))
        .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  }

  @Test
  void inputValidationNamesTheProblem() {
    IsolationForestParams p = IsolationForestParams.defaults(1L);
    assertThatThrownBy(() -> IsolationForestTrainer.fit(new double[0][], p))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("training data must have at least 2 rows, got 0");
    assertThatThrownBy(() -> IsolationForestTrainer.fit(new double[][] {{1, 2}, {3}}, p))
        .hasMessage("training data is not rectangular: row 1 has 1 values, row 0 has 2");
    assertThatThrownBy(
            () -> IsolationForestTrainer.fit(new double[][] {{1, 2}, {3, 4}, {5, Double.NaN}}, p))
        .hasMessage("training data has a non-finite value NaN at row 2, column 1");
    assertThatThrownBy(
            () ->
                IsolationForestTrainer.fit(
                    new double[][] {{Double.POSITIVE_INFINITY}, {1}}, p.withSubsampleSize(2)))
        .hasMessage("training data has a non-finite value Infinity at row 0, column 0");
    assertThatThrownBy(() -> IsolationForestTrainer.fit(DATA, p.withExtensionLevel(1)))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("got 1");
  }

  @Test
  void thresholdFlagsTheContaminationShareOfTrainingRows() {
    TrainedForest forest =
        IsolationForestTrainer.fit(
            DATA, IsolationForestParams.defaults(3L).withContamination(0.05));
    CompiledForest compiled = CompiledForest.compile(forest);
    int flagged = 0;
    for (double[] row : DATA) {
      if (compiled.predict(compiled.score(row))) {
        flagged++;
      }
    }
    assertThat(flagged).isBetween(100, 105);
  }

  private static List<Integer> leafSizes(TreeNode node) {
    List<Integer> sizes = new ArrayList<>();
    collectLeafSizes(node, sizes);
    return sizes;
  }

  private static void collectLeafSizes(TreeNode node, List<Integer> sizes) {
    if (node instanceof TreeNode.Split split) {
      assertThat(split.size()).isEqualTo(split.left().size() + split.right().size());
      assertThat(split.left().size()).isPositive();
      assertThat(split.right().size()).isPositive();
      collectLeafSizes(split.left(), sizes);
      collectLeafSizes(split.right(), sizes);
    } else {
      sizes.add(node.size());
    }
  }
}
