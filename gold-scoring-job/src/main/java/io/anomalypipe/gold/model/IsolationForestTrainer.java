package io.anomalypipe.gold.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Trains an Isolation Forest (Liu, Ting & Zhou 2008) on an in-memory matrix, single-threaded and
 * reproducibly: the same data, parameters and seed give the same forest bit for bit.
 *
 * <p><b>Why our own tree builder and not Smile's {@code IsolationTree}.</b> Smile 3.1.1 has a
 * public {@code IsolationTree(List<double[]>, int maxDepth, int extensionLevel)} that does honour a
 * height limit, but it cannot be seeded: it draws from {@code MathEx}'s thread-local generator and
 * a shared Gaussian generator, so reproducibility would hinge on global state. Its nodes are
 * package-private (we could neither compile them to arrays nor serialise them without reflection),
 * they store an adjusted depth but not the leaf size (so ψ could not be checked), every split is a
 * dense hyperplane costing a p-dimensional dot product even at extension level 0, and it keeps
 * splitting all-equal rows. The builder here ({@link IsolationTreeBuilder}) is ~100 lines, so we
 * own it; Smile stays useful as a benchmark baseline only.
 *
 * <p>Steps of {@link #fit}: validate the input; for each tree derive a seed from the master seed,
 * draw ψ = min(ψ, n) distinct rows and grow a tree limited to height ⌈log2 ψ⌉; compile the forest,
 * score the training rows and take the threshold from the contamination rate.
 */
public final class IsolationForestTrainer {

  private IsolationForestTrainer() {}

  /** A trained forest and the scores of its training rows (which set its threshold). */
  public record FittedForest(TrainedForest forest, double[] trainingScores) {}

  public static TrainedForest fit(double[][] x, IsolationForestParams params) {
    return fitAndScore(x, params).forest();
  }

  /**
   * {@link #fit}, also returning the training rows' scores, which fitting computes anyway for the
   * threshold: a caller that needs them (training metrics) does not score a million rows twice.
   */
  public static FittedForest fitAndScore(double[][] x, IsolationForestParams params) {
    int featureCount = validateInput(x);
    requireSupportedExtensionLevel(params.extensionLevel());
    int subsampleSize = Math.min(params.subsampleSize(), x.length);
    int heightLimit = heightLimit(subsampleSize);

    List<IsolationTree> trees = new ArrayList<>(params.numTrees());
    SplittableRandom treeSeeds = new SplittableRandom(params.seed());
    for (int t = 0; t < params.numTrees(); t++) {
      // One generator per tree, seeded from the master sequence: trees could be built in parallel
      // later without changing the result.
      SplittableRandom treeRandom = new SplittableRandom(treeSeeds.nextLong());
      int[] rows = drawSubsample(x.length, subsampleSize, treeRandom);
      trees.add(IsolationTreeBuilder.build(x, rows, heightLimit, treeRandom));
    }

    TrainedForest unthresholded =
        new TrainedForest(trees, subsampleSize, featureCount, Double.POSITIVE_INFINITY);
    double[] trainingScores = new double[x.length];
    CompiledForest.compile(unthresholded).scoreBatch(x, trainingScores);
    AnomalyThreshold threshold =
        AnomalyThreshold.fromContamination(trainingScores, params.contamination());
    return new FittedForest(unthresholded.withThreshold(threshold.value()), trainingScores);
  }

  /** ⌈log2 ψ⌉: the average depth of a tree on ψ rows; deeper rows are normal anyway. */
  static int heightLimit(int subsampleSize) {
    return 32 - Integer.numberOfLeadingZeros(subsampleSize - 1);
  }

  /**
   * Checks that {@code x} has at least two rows, all of the same non-zero length, with finite
   * values; returns the number of features.
   */
  static int validateInput(double[][] x) {
    if (x == null || x.length < 2) {
      throw new IllegalArgumentException(
          "training data must have at least 2 rows, got " + (x == null ? "null" : x.length));
    }
    if (x[0] == null || x[0].length == 0) {
      throw new IllegalArgumentException("training data row 0 has no features");
    }
    int featureCount = x[0].length;
    for (int r = 0; r < x.length; r++) {
      double[] row = x[r];
      if (row == null || row.length != featureCount) {
        throw new IllegalArgumentException(
            "training data is not rectangular: row "
                + r
                + " has "
                + (row == null ? "no array" : row.length + " values")
                + ", row 0 has "
                + featureCount);
      }
      for (int c = 0; c < featureCount; c++) {
        if (!Double.isFinite(row[c])) {
          throw new IllegalArgumentException(
              "training data has a non-finite value " + row[c] + " at row " + r + ", column " + c);
        }
      }
    }
    return featureCount;
  }

  private static void requireSupportedExtensionLevel(int extensionLevel) {
    if (extensionLevel != 0) {
      throw new UnsupportedOperationException(
          "extensionLevel > 0 (extended isolation forest) is not implemented, got "
              + extensionLevel);
    }
  }

  /**
   * {@code size} distinct row indices out of {@code n}, sorted, by Floyd's algorithm: O(size) time
   * and memory whatever n is.
   */
  static int[] drawSubsample(int n, int size, SplittableRandom random) {
    Set<Integer> chosen = new HashSet<>(size * 2);
    int[] rows = new int[size];
    int count = 0;
    for (int j = n - size; j < n; j++) {
      int candidate = random.nextInt(j + 1);
      int pick = chosen.add(candidate) ? candidate : j;
      if (pick == j) {
        chosen.add(j);
      }
      rows[count++] = pick;
    }
    // Sorting makes the tree depend on the set of rows, not on the order Floyd's draws them.
    Arrays.sort(rows);
    return rows;
  }
}
