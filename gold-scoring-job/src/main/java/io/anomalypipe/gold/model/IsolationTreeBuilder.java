package io.anomalypipe.gold.model;

import java.util.SplittableRandom;

/**
 * Grows one axis-parallel isolation tree (iTree, Algorithm 2 of Liu, Ting & Zhou 2008) on a subset
 * of the rows of a matrix.
 *
 * <p>At each node a feature is drawn uniformly among those that are not constant in the node's rows
 * (drawing a constant one would yield an empty child and waste a level), and a split value
 * uniformly in [min, max) of that feature, redrawn while it equals min so both children are
 * non-empty. A node becomes a leaf when it holds one row, when all its rows are equal, or at the
 * height limit. Rows are partitioned in place in an index array, so a tree costs O(ψ log ψ) time
 * and no per-node copies.
 */
final class IsolationTreeBuilder {
  private final double[][] data;
  private final int featureCount;
  private final int heightLimit;
  private final SplittableRandom random;
  private final int[] rows;
  private final int[] candidateFeatures;

  private IsolationTreeBuilder(
      double[][] data, int[] rows, int heightLimit, SplittableRandom random) {
    this.data = data;
    this.featureCount = data[0].length;
    this.heightLimit = heightLimit;
    this.random = random;
    this.rows = rows;
    this.candidateFeatures = new int[featureCount];
  }

  /**
   * Builds a tree on {@code data[rows[i]]}. The {@code rows} array is reordered.
   *
   * @param random the tree's own generator; the result depends only on it, the data and the rows
   */
  static IsolationTree build(
      double[][] data, int[] rows, int heightLimit, SplittableRandom random) {
    IsolationTreeBuilder builder = new IsolationTreeBuilder(data, rows, heightLimit, random);
    return new IsolationTree(builder.grow(0, rows.length, 0), rows.length, heightLimit);
  }

  private TreeNode grow(int from, int to, int depth) {
    int size = to - from;
    if (size <= 1 || depth >= heightLimit) {
      return new TreeNode.Leaf(size);
    }
    int candidates = collectNonConstantFeatures(from, to);
    if (candidates == 0) {
      return new TreeNode.Leaf(size);
    }
    int feature = candidateFeatures[random.nextInt(candidates)];
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = from; i < to; i++) {
      double v = data[rows[i]][feature];
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    double threshold = drawSplitValue(min, max);
    int middle = partition(from, to, feature, threshold);
    TreeNode left = grow(from, middle, depth + 1);
    TreeNode right = grow(middle, to, depth + 1);
    return new TreeNode.Split(feature, threshold, size, left, right);
  }

  /** Fills {@code candidateFeatures} with the features taking at least two values in the node. */
  private int collectNonConstantFeatures(int from, int to) {
    int count = 0;
    double[] first = data[rows[from]];
    for (int f = 0; f < featureCount; f++) {
      double v0 = first[f];
      for (int i = from + 1; i < to; i++) {
        if (data[rows[i]][f] != v0) {
          candidateFeatures[count++] = f;
          break;
        }
      }
    }
    return count;
  }

  /** Uniform in (min, max): min itself would send every row right. */
  private double drawSplitValue(double min, double max) {
    double value;
    do {
      value = random.nextDouble(min, max);
    } while (value <= min);
    return value;
  }

  /** Moves rows with {@code value < threshold} before the others; returns the first right index. */
  private int partition(int from, int to, int feature, double threshold) {
    int i = from;
    int j = to - 1;
    while (i <= j) {
      if (data[rows[i]][feature] < threshold) {
        i++;
      } else {
        int swap = rows[i];
        rows[i] = rows[j];
        rows[j] = swap;
        j--;
      }
    }
    return i;
  }
}
