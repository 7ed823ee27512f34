package io.anomalypipe.gold.model;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The trees of a {@link CompiledForest} laid out again as complete binary trees, for scoring blocks
 * of rows at speed.
 *
 * <p>A tree of depth D becomes three arrays in heap order: node k has its children at 2k + 1 and 2k
 * + 2, the 2<sup>D</sup> − 1 split nodes hold a feature and a threshold, and the 2<sup>D</sup>
 * leaves the path length. A leaf of the original tree above depth D is padded: it becomes splits
 * whose leaves below all carry its path length, so whichever way a row goes it ends with the same
 * value. Every row then takes exactly D steps of the same form, {@code k = 2k + (x < t ? 1 : 2)},
 * with no data-dependent branch and no test for leaves; the JIT compiles the choice to a
 * conditional move.
 *
 * <p>{@link #addPathLengths} walks one tree for a block of rows, eight rows at a time: the eight
 * walks are independent, so the processor overlaps their memory loads instead of waiting on each in
 * turn. Calling it tree by tree over a block keeps one tree (5 KiB at depth 8) in the L1 cache for
 * all the block's rows.
 *
 * <p>Trees deeper than {@link #MAX_DEPTH} are not padded (2<sup>D</sup> nodes would be too many);
 * {@link #isComplete} is false for them and the caller walks them in the original layout.
 */
final class CompleteTrees {

  /** Deepest tree that is padded: 4,095 splits and 4,096 leaves, 80 KiB. */
  static final int MAX_DEPTH = 12;

  private final int[] depth;
  private final int[][] splitFeature;
  private final double[][] splitThreshold;
  private final double[][] leafPathLength;

  /** The original layout, walked for the trees too deep to pad. */
  private final int[] roots;

  private final int[] feature;
  private final double[] value;
  private final int[] left;

  private CompleteTrees(
      int[] depth,
      int[][] splitFeature,
      double[][] splitThreshold,
      double[][] leafPathLength,
      int[] roots,
      int[] feature,
      double[] value,
      int[] left) {
    this.depth = depth;
    this.splitFeature = splitFeature;
    this.splitThreshold = splitThreshold;
    this.leafPathLength = leafPathLength;
    this.roots = roots;
    this.feature = feature;
    this.value = value;
    this.left = left;
  }

  /**
   * Pads the trees of the layout {@link CompiledForest} describes: node i is a leaf when {@code
   * feature[i] < 0} (its path length in {@code value[i]}), else a split on {@code feature[i]} at
   * {@code value[i]} with children {@code left[i]} and {@code left[i] + 1}.
   */
  static CompleteTrees of(int[] roots, int[] feature, double[] value, int[] left) {
    int trees = roots.length;
    int[] depth = new int[trees];
    int[][] splitFeature = new int[trees][];
    double[][] splitThreshold = new double[trees][];
    double[][] leafPathLength = new double[trees][];
    for (int t = 0; t < trees; t++) {
      int d = depthUpTo(roots[t], feature, left, MAX_DEPTH + 1);
      depth[t] = d;
      if (d > MAX_DEPTH) {
        continue;
      }
      splitFeature[t] = new int[(1 << d) - 1];
      splitThreshold[t] = new double[(1 << d) - 1];
      leafPathLength[t] = new double[1 << d];
      pad(roots[t], 0, 0, d, feature, value, left, t, splitFeature, splitThreshold, leafPathLength);
    }
    return new CompleteTrees(
        depth, splitFeature, splitThreshold, leafPathLength, roots, feature, value, left);
  }

  /** The depth of the tree at {@code root}, or {@code limit} if it is at least that deep. */
  private static int depthUpTo(int root, int[] feature, int[] left, int limit) {
    int deepest = 0;
    Deque<int[]> pending = new ArrayDeque<>();
    pending.push(new int[] {root, 0});
    while (!pending.isEmpty()) {
      int[] nodeAndDepth = pending.pop();
      int node = nodeAndDepth[0];
      int d = nodeAndDepth[1];
      deepest = Math.max(deepest, d);
      if (deepest >= limit) {
        return limit;
      }
      if (feature[node] >= 0) {
        pending.push(new int[] {left[node], d + 1});
        pending.push(new int[] {left[node] + 1, d + 1});
      }
    }
    return deepest;
  }

  /** Copies the subtree at {@code node} to heap position {@code heap}, padding early leaves. */
  private static void pad(
      int node,
      int heap,
      int level,
      int treeDepth,
      int[] feature,
      double[] value,
      int[] left,
      int tree,
      int[][] splitFeature,
      double[][] splitThreshold,
      double[][] leafPathLength) {
    if (level == treeDepth) {
      // Only a leaf reaches the full depth: a split there would make the tree deeper.
      leafPathLength[tree][heap - ((1 << treeDepth) - 1)] = value[node];
      return;
    }
    boolean split = feature[node] >= 0;
    // A padded leaf splits on feature 0 at 0.0: both sides lead to copies of the same leaf.
    splitFeature[tree][heap] = split ? feature[node] : 0;
    splitThreshold[tree][heap] = split ? value[node] : 0.0;
    int leftChild = split ? left[node] : node;
    int rightChild = split ? left[node] + 1 : node;
    pad(
        leftChild,
        2 * heap + 1,
        level + 1,
        treeDepth,
        feature,
        value,
        left,
        tree,
        splitFeature,
        splitThreshold,
        leafPathLength);
    pad(
        rightChild,
        2 * heap + 2,
        level + 1,
        treeDepth,
        feature,
        value,
        left,
        tree,
        splitFeature,
        splitThreshold,
        leafPathLength);
  }

  int numTrees() {
    return depth.length;
  }

  /** Whether tree {@code t} is padded here (it is at most {@link #MAX_DEPTH} deep). */
  boolean isComplete(int t) {
    return splitFeature[t] != null;
  }

  /**
   * Adds the path lengths of every tree, in tree order, for each row r in [{@code fromRow}, {@code
   * toRow}) of the row-major matrix {@code x} (row r at {@code x[r * stride ..]}) to {@code
   * sums[sumsOffset + r]}. The caller has checked that {@code x} and {@code sums} are long enough.
   *
   * <p>One method for all trees, the walk of a tree written out in its loop: measured faster than a
   * call per tree.
   */
  void addPathLengths(
      double[] x, int stride, int fromRow, int toRow, double[] sums, int sumsOffset) {
    for (int t = 0; t < depth.length; t++) {
      final int[] feature = splitFeature[t];
      if (feature == null) {
        for (int r = fromRow; r < toRow; r++) {
          sums[sumsOffset + r] += sparsePathLength(roots[t], x, r * stride);
        }
        continue;
      }
      final double[] threshold = splitThreshold[t];
      final double[] leaf = leafPathLength[t];
      final int d = depth[t];
      if (d == 0) {
        for (int r = fromRow; r < toRow; r++) {
          sums[sumsOffset + r] += leaf[0];
        }
        continue;
      }
      final int firstLeaf = (1 << d) - 1;
      // The root is the same for every row: its feature and threshold are read once.
      final int rootFeature = feature[0];
      final double rootThreshold = threshold[0];
      int r = fromRow;
      for (; r + 8 <= toRow; r += 8) {
        final int b0 = r * stride;
        final int b1 = b0 + stride;
        final int b2 = b1 + stride;
        final int b3 = b2 + stride;
        final int b4 = b3 + stride;
        final int b5 = b4 + stride;
        final int b6 = b5 + stride;
        final int b7 = b6 + stride;
        int k0 = x[b0 + rootFeature] < rootThreshold ? 1 : 2;
        int k1 = x[b1 + rootFeature] < rootThreshold ? 1 : 2;
        int k2 = x[b2 + rootFeature] < rootThreshold ? 1 : 2;
        int k3 = x[b3 + rootFeature] < rootThreshold ? 1 : 2;
        int k4 = x[b4 + rootFeature] < rootThreshold ? 1 : 2;
        int k5 = x[b5 + rootFeature] < rootThreshold ? 1 : 2;
        int k6 = x[b6 + rootFeature] < rootThreshold ? 1 : 2;
        int k7 = x[b7 + rootFeature] < rootThreshold ? 1 : 2;
        for (int level = 1; level < d; level++) {
          k0 = 2 * k0 + (x[b0 + feature[k0]] < threshold[k0] ? 1 : 2);
          k1 = 2 * k1 + (x[b1 + feature[k1]] < threshold[k1] ? 1 : 2);
          k2 = 2 * k2 + (x[b2 + feature[k2]] < threshold[k2] ? 1 : 2);
          k3 = 2 * k3 + (x[b3 + feature[k3]] < threshold[k3] ? 1 : 2);
          k4 = 2 * k4 + (x[b4 + feature[k4]] < threshold[k4] ? 1 : 2);
          k5 = 2 * k5 + (x[b5 + feature[k5]] < threshold[k5] ? 1 : 2);
          k6 = 2 * k6 + (x[b6 + feature[k6]] < threshold[k6] ? 1 : 2);
          k7 = 2 * k7 + (x[b7 + feature[k7]] < threshold[k7] ? 1 : 2);
        }
        final int s = sumsOffset + r;
        sums[s] += leaf[k0 - firstLeaf];
        sums[s + 1] += leaf[k1 - firstLeaf];
        sums[s + 2] += leaf[k2 - firstLeaf];
        sums[s + 3] += leaf[k3 - firstLeaf];
        sums[s + 4] += leaf[k4 - firstLeaf];
        sums[s + 5] += leaf[k5 - firstLeaf];
        sums[s + 6] += leaf[k6 - firstLeaf];
        sums[s + 7] += leaf[k7 - firstLeaf];
      }
      for (; r < toRow; r++) {
        final int b = r * stride;
        int k = 0;
        for (int level = 0; level < d; level++) {
          k = 2 * k + (x[b + feature[k]] < threshold[k] ? 1 : 2);
        }
        sums[sumsOffset + r] += leaf[k - firstLeaf];
      }
    }
  }

  /** h(x) of the row at {@code x[offset..]} in the original layout of the tree at {@code root}. */
  double sparsePathLength(int root, double[] x, int offset) {
    final int[] feature = this.feature;
    final double[] value = this.value;
    final int[] left = this.left;
    int node = root;
    int f;
    while ((f = feature[node]) >= 0) {
      node = left[node] + (x[offset + f] < value[node] ? 0 : 1);
    }
    return value[node];
  }
}
