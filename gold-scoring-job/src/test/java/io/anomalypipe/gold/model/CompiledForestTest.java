package io.anomalypipe.gold.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

  @Test
  void blocksOfAnyLengthScoreLikeSingleRows() {
    double[][] training = SyntheticData.uniform(2_000, 5, -1, 1, 31L);
    CompiledForest compiled =
        CompiledForest.compile(
            IsolationForestTrainer.fit(training, IsolationForestParams.defaults(4L)));
    double[][] rows = SyntheticData.uniform(1_000, 5, -1.5, 1.5, 32L);
    // Around the interleaving (4) and the block size (256), and an empty block.
    for (int count : new int[] {0, 1, 3, 4, 5, 7, 8, 9, 255, 256, 257, 259, 513, 1_000}) {
      double[] flat = rowMajor(rows, count);
      double[] scores = new double[count + 2];
      scores[count] = -7.0;
      compiled.scoreBlock(flat, count, scores);
      for (int i = 0; i < count; i++) {
        assertThat(scores[i]).as("row %d of %d", i, count).isEqualTo(compiled.score(rows[i]));
      }
      assertThat(scores[count]).as("slot after the rows").isEqualTo(-7.0);
    }
  }

  @Test
  void specialValuesTakeTheReferencesWay() {
    // Thresholds are drawn in (min, max) of [-1, 1]: a row equal to a threshold goes right.
    double[][] training = SyntheticData.uniform(500, 3, -1, 1, 41L);
    TrainedForest forest = IsolationForestTrainer.fit(training, IsolationForestParams.defaults(5L));
    TreeNode.Split root = (TreeNode.Split) forest.trees().get(0).root();
    double[] atThreshold = {0.0, 0.0, 0.0};
    atThreshold[root.feature()] = root.threshold();
    double[][] rows = {
      {Double.NaN, 0.0, 0.0},
      {0.0, Double.NaN, Double.NaN},
      {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0},
      {-0.0, 0.0, -0.0},
      {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE},
      atThreshold
    };
    assertSameScores(forest, rows);
  }

  @Test
  void treesTooDeepToPadAreWalkedAsTheyAre() {
    // A chain 16 splits deep next to ordinary trees: scored without padding, in tree order.
    TreeNode chain = new TreeNode.Leaf(1);
    for (int level = 0; level < RankedTrees.MAX_DEPTH + 4; level++) {
      chain =
          new TreeNode.Split(level % 2, -1.0 + level * 0.1, level + 2, chain, new TreeNode.Leaf(1));
    }
    List<IsolationTree> trees = new ArrayList<>();
    trees.add(
        new IsolationTree(
            new TreeNode.Split(0, 0.0, 2, new TreeNode.Leaf(1), new TreeNode.Leaf(1)), 2, 1));
    trees.add(new IsolationTree(chain, RankedTrees.MAX_DEPTH + 5, 20));
    trees.add(new IsolationTree(new TreeNode.Leaf(3), 3, 1));
    TrainedForest forest = new TrainedForest(trees, 64, 2, 0.6);
    assertThat(CompiledForest.compile(forest).rankedTrees().isComplete(1)).isFalse();
    assertSameScores(forest, SyntheticData.uniform(300, 2, -2, 2, 9L));
  }

  @Test
  void treeGroupsOfMixedDepthsAroundUnpaddedTreesKeepTheTreeOrder() {
    // Padded trees are walked in groups of RankedTrees.TREE_GROUP; a tree too deep to pad ends a
    // group. Trees of every depth, two of them unpadded, so that groups of 1 .. TREE_GROUP trees
    // and of mixed depths occur, and the sums must still be added in tree order.
    SplittableRandom random = new SplittableRandom(71L);
    List<IsolationTree> trees = new ArrayList<>();
    for (int t = 0; t < 3 * RankedTrees.TREE_GROUP + 5; t++) {
      if (t == 2 || t == RankedTrees.TREE_GROUP + 3) {
        TreeNode chain = new TreeNode.Leaf(1);
        for (int level = 0; level < RankedTrees.MAX_DEPTH + 2; level++) {
          chain =
              new TreeNode.Split(
                  level % 3, random.nextDouble(-1, 1), level + 2, new TreeNode.Leaf(1), chain);
        }
        trees.add(new IsolationTree(chain, RankedTrees.MAX_DEPTH + 3, 16));
      } else {
        trees.add(new IsolationTree(randomNode(random, 3, 150, 12 - t % 13), 150, 12));
      }
    }
    TrainedForest forest = new TrainedForest(trees, 150, 3, 0.6);
    RankedTrees ranked = CompiledForest.compile(forest).rankedTrees();
    assertThat(ranked.isComplete(2)).isFalse();
    assertThat(ranked.isComplete(RankedTrees.TREE_GROUP + 3)).isFalse();
    assertSameScores(forest, SyntheticData.uniform(RankedTrees.BLOCK_ROWS + 77, 3, -1.2, 1.2, 72L));
  }

  @Test
  void rowsOnAndBesideTheThresholdsTakeTheReferencesWay() {
    // Block scoring compares ranks of thresholds; rows exactly on a threshold, and one ulp to
    // either side of it, are where a wrong rank would show.
    double[][] training = SyntheticData.uniform(1_000, 4, -1, 1, 51L);
    TrainedForest forest = IsolationForestTrainer.fit(training, IsolationForestParams.defaults(6L));
    CompiledForest compiled = CompiledForest.compile(forest);
    SplittableRandom random = new SplittableRandom(52L);
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < compiled.nodeCount(); i++) {
      int f = compiled.feature()[i];
      if (f < 0) {
        continue;
      }
      double t = compiled.value()[i];
      for (double v : new double[] {t, Math.nextDown(t), Math.nextUp(t)}) {
        double[] row = training[random.nextInt(training.length)].clone();
        row[f] = v;
        rows.add(row);
      }
    }
    assertSameScores(forest, rows.toArray(new double[0][]));
  }

  @Test
  void infiniteZeroAndNanThresholdsSplitAsTheReferenceDoes() {
    double[] thresholds = {
      Double.NEGATIVE_INFINITY, -0.0, 0.0, Double.POSITIVE_INFINITY, Double.NaN, 1.5
    };
    List<IsolationTree> trees = new ArrayList<>();
    for (double t : thresholds) {
      for (int feature = 0; feature < 2; feature++) {
        TreeNode node =
            new TreeNode.Split(
                feature,
                t,
                8,
                new TreeNode.Split(1 - feature, 0.0, 3, new TreeNode.Leaf(1), new TreeNode.Leaf(2)),
                new TreeNode.Leaf(5));
        trees.add(new IsolationTree(node, 8, 3));
      }
    }
    TrainedForest forest = new TrainedForest(trees, 8, 2, 0.6);
    double[] values = {
      Double.NEGATIVE_INFINITY, -1.0, -0.0, 0.0, 1.5, Double.POSITIVE_INFINITY, Double.NaN
    };
    List<double[]> rows = new ArrayList<>();
    for (double a : values) {
      for (double b : values) {
        rows.add(new double[] {a, b});
      }
    }
    assertSameScores(forest, rows.toArray(new double[0][]));
  }

  @Test
  void widerRowsScoreLikeTheReference() {
    // 9 to 40 features take more bits in a node than the 7 of the Gold model; over 1,024 the
    // trees are not ranked at all and are walked on doubles.
    SplittableRandom random = new SplittableRandom(61L);
    for (int featureCount : new int[] {9, 16, 17, 40, 1_025}) {
      List<IsolationTree> trees = new ArrayList<>();
      for (int t = 0; t < 10; t++) {
        trees.add(new IsolationTree(randomNode(random, featureCount, 200, 0), 200, 12));
      }
      TrainedForest forest = new TrainedForest(trees, 200, featureCount, 0.6);
      assertThat(CompiledForest.compile(forest).rankedTrees().isComplete(0))
          .as("%d features ranked", featureCount)
          .isEqualTo(featureCount <= 1 << RankedTrees.MAX_FEATURE_BITS);
      assertSameScores(forest, SyntheticData.uniform(300, featureCount, -1, 1, featureCount));
    }
  }

  @Test
  void oneForestScoresBlocksOnManyThreadsAtOnce() throws Exception {
    // Each call has its own scratch: threads sharing the forest must not see each other's ranks.
    double[][] training = SyntheticData.uniform(2_000, 6, -1, 1, 71L);
    CompiledForest compiled =
        CompiledForest.compile(
            IsolationForestTrainer.fit(training, IsolationForestParams.defaults(7L)));
    List<double[]> blocks = new ArrayList<>();
    List<double[]> expected = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      double[][] rows = SyntheticData.uniform(1_000, 6, -2, 2, 72L + t);
      blocks.add(rowMajor(rows, rows.length));
      double[] scores = new double[rows.length];
      for (int i = 0; i < rows.length; i++) {
        scores[i] = compiled.score(rows[i]);
      }
      expected.add(scores);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        double[] block = blocks.get(t);
        double[] want = expected.get(t);
        results.add(
            pool.submit(
                () -> {
                  double[] scores = new double[want.length];
                  for (int pass = 0; pass < 50; pass++) {
                    compiled.scoreBlock(block, want.length, scores);
                    if (!Arrays.equals(scores, want)) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shortBlocksAreRefused() {
    CompiledForest compiled =
        CompiledForest.compile(
            IsolationForestTrainer.fit(
                SyntheticData.uniform(100, 4, 0, 1, 1L), IsolationForestParams.defaults(2L)));
    assertThatThrownBy(() -> compiled.scoreBlock(new double[11], 3, new double[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("3 rows of 4 features need 12 values, the array has 11");
    assertThatThrownBy(() -> compiled.scoreBlock(new double[12], 3, new double[2]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scores has 2 slots for 3 rows");
    assertThatThrownBy(() -> compiled.scoreBlock(new double[12], -1, new double[2]))
        .hasMessage("rowCount must be >= 0, got -1");
    assertThatThrownBy(
            () -> compiled.scoreBatch(new double[][] {new double[4], new double[3]}, new double[2]))
        .hasMessageContaining("a row needs 4 features, got 3");
  }

  /**
   * The compiled forest scores like the reference to 1e-12, one row at a time; and a block of the
   * same rows gives exactly the single-row scores, through {@link CompiledForest#scoreBlock} and
   * {@link CompiledForest#scoreBatch}.
   */
  static void assertSameScores(TrainedForest forest, double[][] rows) {
    ReferenceScorer reference = new ReferenceScorer(forest);
    CompiledForest compiled = CompiledForest.compile(forest);
    double[] block = new double[rows.length];
    compiled.scoreBlock(rowMajor(rows, rows.length), rows.length, block);
    double[] batch = new double[rows.length];
    compiled.scoreBatch(rows, batch);
    for (int i = 0; i < rows.length; i++) {
      double single = compiled.score(rows[i]);
      assertThat(single).isCloseTo(reference.score(rows[i]), within(1e-12));
      assertThat(block[i]).as("block row %d", i).isEqualTo(single);
      assertThat(batch[i]).as("batch row %d", i).isEqualTo(single);
    }
  }

  private static double[] rowMajor(double[][] rows, int count) {
    int width = count == 0 ? 0 : rows[0].length;
    double[] flat = new double[count * width];
    for (int i = 0; i < count; i++) {
      System.arraycopy(rows[i], 0, flat, i * width, width);
    }
    return flat;
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
