package io.anomalypipe.gold.model;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * The trees of a {@link CompiledForest} laid out for scoring blocks of rows at speed: complete
 * trees whose splits compare small integers, threshold ranks, instead of doubles.
 *
 * <p><b>Ranks.</b> For each feature f, take the distinct split thresholds of the whole forest on f,
 * ascending. The rank of a value v is the number of them that are {@code <= v} (a NaN counts all of
 * them, as a NaN goes right at every split). For the threshold t that is the j-th of them (from 0),
 * {@code v < t} holds exactly when {@code rank(v) <= j}: if v < t, every threshold {@code <= v}
 * lies below t; if not, the thresholds up to t are all {@code <= v}. So a block's values are ranked
 * once per feature, and the walk compares ints, exactly as the doubles compare. {@link
 * ThresholdRanks} finds a value's rank in a table of slices of the thresholds' range, with a short
 * search inside its slice.
 *
 * <p><b>Nodes.</b> A tree of depth D (at least {@link #TOP_LEVELS}; shallower trees are padded) is
 * laid out complete in heap order from 1: node k has its children at 2k (left) and 2k + 1 (right);
 * the splits are k = 1 .. 2<sup>D</sup> − 1, and a walk ends after D steps at k = 2<sup>D</sup> ..
 * 2<sup>D+1</sup> − 1, whose path length is {@code leafPathLength[t][k − 2^D]}. A leaf above depth
 * D is padded with splits whose leaves below all carry its path length. A split on feature f at the
 * j-th threshold is one int, {@code j << (bits + 8) | f << 8}, bits = ⌈log2 featureCount⌉. A
 * block's ranks are stored column by column, shifted as j is: {@code rank << (bits + 8)} at {@code
 * ranks[f << 8 | row]} (256 rows a block). Then {@code node − ranks[(node | row) & (ranks.length −
 * 1)]} (a node's low 8 bits are 0, and the mask keeps its feature bits and the row) is negative
 * exactly when {@code j < rank}, that is when the row goes right, and one step of the walk is
 * {@code k = k << 1 | difference >>> 31}: two loads and a few integer operations, no branch. (A
 * split at a NaN threshold, where every row goes right, gets j = −1.)
 *
 * <p><b>Scoring a block</b> ({@link #addPathLengths}): the block's values are ranked, feature by
 * feature; then the trees pass over the block in groups of {@link #TREE_GROUP}. The first three
 * levels of each tree of a group are taken for all rows at once ({@link #topLevels}: the seven
 * splits compared for every row in one loop the JIT vectorises); then six rows at a time walk the
 * remaining levels of the group's trees one tree after the other, as their walks are independent
 * and the processor overlaps their loads, across rows and across trees. A group's trees (1 KiB of
 * nodes each at depth 8) and the block's ranks (8 KiB for 7 features) stay in the caches while the
 * group passes over the block. Each row adds its path lengths in tree order, as {@link
 * CompiledForest#score} does, so both give the same sum.
 *
 * <p>Trees deeper than {@link #MAX_DEPTH} are not padded (2<sup>D</sup> nodes would be too many),
 * nor any tree of a forest with more than 2<sup>{@value #MAX_FEATURE_BITS}</sup> features (the rank
 * block would outgrow the caches) or with too many distinct thresholds on one feature for a node's
 * bits: {@link #isComplete} is false for them, and they are walked in the original layout, on
 * doubles.
 */
final class RankedTrees {

  /** Deepest tree that is padded: 4,095 splits and 4,096 leaves, 48 KiB. */
  static final int MAX_DEPTH = 12;

  /** log2 of {@link #BLOCK_ROWS}: the bits of a row's index in a rank column. */
  private static final int ROW_BITS = 8;

  /**
   * Rows turned into ranks and walked together: a block's ranks and one tree stay in the L1 cache
   * while every tree passes over them.
   */
  static final int BLOCK_ROWS = 1 << ROW_BITS;

  /**
   * Levels taken for a whole block at once by {@link #topLevels}; every padded tree is at least
   * this deep.
   */
  static final int TOP_LEVELS = 3;

  /**
   * Levels below {@link #TOP_LEVELS} of a tree of the usual depth, 8: ⌈log2 ψ⌉ for the default ψ =
   * 256, which every tree that isolates no point early reaches.
   */
  private static final int USUAL_LEVELS = 8 - TOP_LEVELS;

  /** Forests of more than 2<sup>10</sup> features are walked on doubles. */
  static final int MAX_FEATURE_BITS = 10;

  /**
   * Rows walked interleaved: six measured a little faster than four (with the last four rows of a
   * block interleaved as well); seven and eight run out of registers, two are slower.
   */
  private static final int LANES = 6;

  /**
   * Padded trees walked together, six rows at a time ({@link #addPathLengths}): measured about 10%
   * faster than one tree at a time, a little faster than 2 or 4, as fast as 16. Eight trees (8 KiB
   * of nodes, 16 KiB of path lengths at depth 8) and their top nodes stay close in the caches.
   */
  static final int TREE_GROUP = 8;

  private final int featureCount;

  /** ⌈log2 featureCount⌉: the bits of a feature's index in a node. */
  private final int featureBits;

  /** Whether the trees are ranked at all; if not, every tree is walked on doubles. */
  private final boolean ranked;

  /** Per feature, the ranks among the distinct thresholds of the forest's splits on it. */
  private final ThresholdRanks[] thresholdRanks;

  private final int[] depth;
  private final int[][] nodes;
  private final double[][] leafPathLength;

  /** The original layout, walked for the trees too deep to pad. */
  private final int[] roots;

  private final int[] feature;
  private final double[] value;
  private final int[] left;

  private RankedTrees(
      int featureCount,
      int featureBits,
      boolean ranked,
      ThresholdRanks[] thresholdRanks,
      int[] depth,
      int[][] nodes,
      double[][] leafPathLength,
      int[] roots,
      int[] feature,
      double[] value,
      int[] left) {
    this.featureCount = featureCount;
    this.featureBits = featureBits;
    this.ranked = ranked;
    this.thresholdRanks = thresholdRanks;
    this.depth = depth;
    this.nodes = nodes;
    this.leafPathLength = leafPathLength;
    this.roots = roots;
    this.feature = feature;
    this.value = value;
    this.left = left;
  }

  /**
   * Lays out the trees {@link CompiledForest} describes: node i is a leaf when {@code feature[i] <
   * 0} (its path length in {@code value[i]}), else a split on {@code feature[i]} at {@code
   * value[i]} with children {@code left[i]} and {@code left[i] + 1}.
   */
  static RankedTrees of(int featureCount, int[] roots, int[] feature, double[] value, int[] left) {
    int featureBits = bitsFor(featureCount);
    double[][] thresholds = distinctThresholds(featureCount, feature, value);
    boolean rankable = featureBits <= MAX_FEATURE_BITS;
    for (double[] sorted : thresholds) {
      // A node, j << (featureBits + ROW_BITS) | ..., must stay positive for the largest j.
      rankable &= sorted.length < 1 << (30 - featureBits - ROW_BITS);
    }
    int trees = roots.length;
    int[] depth = new int[trees];
    int[][] nodes = new int[trees][];
    double[][] leafPathLength = new double[trees][];
    for (int t = 0; t < trees; t++) {
      int d = depthUpTo(roots[t], feature, left, MAX_DEPTH + 1);
      depth[t] = d;
      if (d > MAX_DEPTH || !rankable) {
        continue;
      }
      // Shallower trees are padded down to the levels topLevels takes.
      d = Math.max(d, TOP_LEVELS);
      depth[t] = d;
      nodes[t] = new int[1 << d];
      leafPathLength[t] = new double[1 << d];
      pad(
          roots[t],
          1,
          d,
          new OriginalLayout(feature, value, left),
          thresholds,
          featureBits,
          nodes[t],
          leafPathLength[t]);
    }
    ThresholdRanks[] thresholdRanks = new ThresholdRanks[featureCount];
    for (int f = 0; rankable && f < featureCount; f++) {
      thresholdRanks[f] = ThresholdRanks.of(thresholds[f]);
    }
    return new RankedTrees(
        featureCount,
        featureBits,
        rankable,
        thresholdRanks,
        depth,
        nodes,
        leafPathLength,
        roots,
        feature,
        value,
        left);
  }

  private record OriginalLayout(int[] feature, double[] value, int[] left) {}

  /** The smallest b with 2<sup>b</sup> >= {@code featureCount}. */
  static int bitsFor(int featureCount) {
    return 32 - Integer.numberOfLeadingZeros(Math.max(1, featureCount) - 1);
  }

  /** Per feature, the distinct non-NaN split thresholds, ascending; -0.0 and 0.0 are one. */
  private static double[][] distinctThresholds(int featureCount, int[] feature, double[] value) {
    int[] counts = new int[featureCount];
    for (int f : feature) {
      if (f >= 0) {
        counts[f]++;
      }
    }
    double[][] all = new double[featureCount][];
    for (int f = 0; f < featureCount; f++) {
      all[f] = new double[counts[f]];
    }
    int[] filled = new int[featureCount];
    for (int i = 0; i < feature.length; i++) {
      int f = feature[i];
      if (f >= 0 && !Double.isNaN(value[i])) {
        // 0.0 for -0.0: they are equal under <, and sorting must not tell them apart.
        all[f][filled[f]++] = value[i] + 0.0;
      }
    }
    double[][] distinct = new double[featureCount][];
    for (int f = 0; f < featureCount; f++) {
      double[] sorted = Arrays.copyOf(all[f], filled[f]);
      Arrays.sort(sorted);
      int n = 0;
      for (int i = 0; i < sorted.length; i++) {
        if (n == 0 || sorted[i] != sorted[n - 1]) {
          sorted[n++] = sorted[i];
        }
      }
      distinct[f] = Arrays.copyOf(sorted, n);
    }
    return distinct;
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
      int treeDepth,
      OriginalLayout tree,
      double[][] thresholds,
      int featureBits,
      int[] nodes,
      double[] leafPathLength) {
    int firstLeaf = 1 << treeDepth;
    if (heap >= firstLeaf) {
      // Only a leaf reaches the full depth: a split there would make the tree deeper.
      leafPathLength[heap - firstLeaf] = tree.value()[node];
      return;
    }
    int f = tree.feature()[node];
    boolean split = f >= 0;
    // A padded leaf splits on feature 0 at rank 0: both sides lead to copies of the same leaf.
    nodes[heap] = split ? encode(f, tree.value()[node], thresholds[f], featureBits) : 0;
    int leftChild = split ? tree.left()[node] : node;
    int rightChild = split ? tree.left()[node] + 1 : node;
    pad(leftChild, 2 * heap, treeDepth, tree, thresholds, featureBits, nodes, leafPathLength);
    pad(rightChild, 2 * heap + 1, treeDepth, tree, thresholds, featureBits, nodes, leafPathLength);
  }

  /**
   * A split on {@code f} at {@code threshold}: {@code j << (featureBits + ROW_BITS) | f <<
   * ROW_BITS}, j the threshold's index among {@code sorted}.
   */
  private static int encode(int f, double threshold, double[] sorted, int featureBits) {
    int j = Double.isNaN(threshold) ? -1 : Arrays.binarySearch(sorted, threshold + 0.0);
    return j << (featureBits + ROW_BITS) | f << ROW_BITS;
  }

  int numTrees() {
    return depth.length;
  }

  /** Whether tree {@code t} is padded here (it is at most {@link #MAX_DEPTH} deep). */
  boolean isComplete(int t) {
    return nodes[t] != null;
  }

  /** The scratch arrays {@link #addPathLengths} needs, for one thread. */
  BlockScratch newScratch() {
    return ranked ? new BlockScratch(featureCount, featureBits) : new BlockScratch(0, 0);
  }

  /**
   * A block's ranks, shifted as nodes hold them: in one array, feature f's column at {@code f <<
   * ROW_BITS}, for the walk; the same columns as separate arrays, for {@link #topLevels} (the JIT
   * vectorises its loop over separate arrays, not over offsets into one); and the rows' nodes after
   * the top levels of each tree of a group.
   */
  static final class BlockScratch {
    final int[] ranks;
    final int[][] rankColumns;
    final int[][] topNodes;

    private BlockScratch(int featureCount, int featureBits) {
      ranks = new int[BLOCK_ROWS << featureBits];
      rankColumns = new int[featureCount][BLOCK_ROWS];
      topNodes = new int[TREE_GROUP][BLOCK_ROWS];
    }
  }

  /**
   * Adds the path lengths of every tree, in tree order, for each row r in [{@code fromRow}, {@code
   * toRow}) of the row-major matrix {@code x} (row r at {@code x[r * featureCount ..]}) to {@code
   * sums[sumsOffset + r]}. At most {@link #BLOCK_ROWS} rows. The caller has checked that {@code x}
   * and {@code sums} are long enough.
   *
   * <p>Padded trees go in groups of up to {@link #TREE_GROUP} consecutive ones: {@link #topLevels}
   * of each for all rows, then six rows at a time walk the group's trees one after the other, their
   * sums held in registers and added tree by tree, in tree order, as {@link CompiledForest#score}
   * adds them. The walks of the next tree do not wait on the last ones, so the processor overlaps
   * them too, and a row's sum is loaded and stored once per group instead of once per tree. One
   * method for all trees: measured faster than a call per tree.
   */
  void addPathLengths(
      double[] x, int fromRow, int toRow, double[] sums, int sumsOffset, BlockScratch scratch) {
    final int shift = featureBits + ROW_BITS;
    final int rows = toRow - fromRow;
    final int[] ranks = scratch.ranks;
    // ranks.length - 1 itself, not a field: C2 then knows the index is in bounds and drops the
    // range check (and the node's low ROW_BITS are zero, so (node | row) & this is the index).
    final int rankIndexMask = ranks.length - 1;
    final int[][] topNodes = scratch.topNodes;
    for (int f = 0; ranked && f < featureCount; f++) {
      final int[] column = scratch.rankColumns[f];
      thresholdRanks[f].rankColumn(
          x, fromRow * featureCount + f, featureCount, rows, column, shift);
      System.arraycopy(column, 0, ranks, f << ROW_BITS, rows);
    }
    final int trees = depth.length;
    for (int first = 0; first < trees; ) {
      if (nodes[first] == null) {
        for (int r = fromRow; r < toRow; r++) {
          sums[sumsOffset + r] += sparsePathLength(roots[first], x, r * featureCount);
        }
        first++;
        continue;
      }
      int group = 1;
      while (group < TREE_GROUP && first + group < trees && nodes[first + group] != null) {
        group++;
      }
      for (int g = 0; g < group; g++) {
        topLevels(nodes[first + g], scratch.rankColumns, featureBits, rows, topNodes[g]);
      }
      int r = 0;
      for (; r + LANES <= rows; r += LANES) {
        final int s = sumsOffset + fromRow + r;
        double sum0 = sums[s];
        double sum1 = sums[s + 1];
        double sum2 = sums[s + 2];
        double sum3 = sums[s + 3];
        double sum4 = sums[s + 4];
        double sum5 = sums[s + 5];
        for (int g = 0; g < group; g++) {
          final int[] tree = nodes[first + g];
          final double[] leaf = leafPathLength[first + g];
          final int[] top = topNodes[g];
          final int d = depth[first + g];
          final int firstLeaf = 1 << d;
          int k0 = top[r];
          int k1 = top[r + 1];
          int k2 = top[r + 2];
          int k3 = top[r + 3];
          int k4 = top[r + 4];
          int k5 = top[r + 5];
          // The usual depth gets a loop of a constant trip count, which C2 unrolls in full: no
          // loop control between the steps (measured +10 to +20% over the loop to d alone).
          final int levels = d - TOP_LEVELS;
          if (levels == USUAL_LEVELS) {
            for (int level = 0; level < USUAL_LEVELS; level++) {
              k0 = step(tree, ranks, rankIndexMask, k0, r);
              k1 = step(tree, ranks, rankIndexMask, k1, r + 1);
              k2 = step(tree, ranks, rankIndexMask, k2, r + 2);
              k3 = step(tree, ranks, rankIndexMask, k3, r + 3);
              k4 = step(tree, ranks, rankIndexMask, k4, r + 4);
              k5 = step(tree, ranks, rankIndexMask, k5, r + 5);
            }
          } else {
            for (int level = 0; level < levels; level++) {
              k0 = step(tree, ranks, rankIndexMask, k0, r);
              k1 = step(tree, ranks, rankIndexMask, k1, r + 1);
              k2 = step(tree, ranks, rankIndexMask, k2, r + 2);
              k3 = step(tree, ranks, rankIndexMask, k3, r + 3);
              k4 = step(tree, ranks, rankIndexMask, k4, r + 4);
              k5 = step(tree, ranks, rankIndexMask, k5, r + 5);
            }
          }
          sum0 += leaf[k0 - firstLeaf];
          sum1 += leaf[k1 - firstLeaf];
          sum2 += leaf[k2 - firstLeaf];
          sum3 += leaf[k3 - firstLeaf];
          sum4 += leaf[k4 - firstLeaf];
          sum5 += leaf[k5 - firstLeaf];
        }
        sums[s] = sum0;
        sums[s + 1] = sum1;
        sums[s + 2] = sum2;
        sums[s + 3] = sum3;
        sums[s + 4] = sum4;
        sums[s + 5] = sum5;
      }
      // 256 = 42 * 6 + 4: the last four rows of a full block interleaved too, not one by one.
      for (; r + 4 <= rows; r += 4) {
        final int s = sumsOffset + fromRow + r;
        double sum0 = sums[s];
        double sum1 = sums[s + 1];
        double sum2 = sums[s + 2];
        double sum3 = sums[s + 3];
        for (int g = 0; g < group; g++) {
          final int[] tree = nodes[first + g];
          final double[] leaf = leafPathLength[first + g];
          final int[] top = topNodes[g];
          final int d = depth[first + g];
          final int firstLeaf = 1 << d;
          int k0 = top[r];
          int k1 = top[r + 1];
          int k2 = top[r + 2];
          int k3 = top[r + 3];
          for (int level = TOP_LEVELS; level < d; level++) {
            k0 = step(tree, ranks, rankIndexMask, k0, r);
            k1 = step(tree, ranks, rankIndexMask, k1, r + 1);
            k2 = step(tree, ranks, rankIndexMask, k2, r + 2);
            k3 = step(tree, ranks, rankIndexMask, k3, r + 3);
          }
          sum0 += leaf[k0 - firstLeaf];
          sum1 += leaf[k1 - firstLeaf];
          sum2 += leaf[k2 - firstLeaf];
          sum3 += leaf[k3 - firstLeaf];
        }
        sums[s] = sum0;
        sums[s + 1] = sum1;
        sums[s + 2] = sum2;
        sums[s + 3] = sum3;
      }
      for (; r < rows; r++) {
        final int s = sumsOffset + fromRow + r;
        double sum0 = sums[s];
        for (int g = 0; g < group; g++) {
          final int[] tree = nodes[first + g];
          final double[] leaf = leafPathLength[first + g];
          final int[] top = topNodes[g];
          final int d = depth[first + g];
          final int firstLeaf = 1 << d;
          int k0 = top[r];
          for (int level = TOP_LEVELS; level < d; level++) {
            k0 = step(tree, ranks, rankIndexMask, k0, r);
          }
          sum0 += leaf[k0 - firstLeaf];
        }
        sums[s] = sum0;
      }
      first += group;
    }
  }

  /**
   * Sets {@code topNode[r]} to the node row r reaches after the first {@link #TOP_LEVELS} levels of
   * {@code tree}, in 8 .. 15, for r in [0, {@code rows}). The seven splits of those levels are the
   * same for every row, so all seven are compared for all rows, and the row's path picks its three:
   * a loop without loads that depend on the row, which the JIT turns into vector instructions,
   * eight rows at a time. Much cheaper than three steps of the walk.
   */
  private static void topLevels(
      int[] tree, int[][] rankColumns, int featureBits, int rows, int[] topNode) {
    final int featureMask = (1 << featureBits) - 1;
    final int n1 = tree[1];
    final int n2 = tree[2];
    final int n3 = tree[3];
    final int n4 = tree[4];
    final int n5 = tree[5];
    final int n6 = tree[6];
    final int n7 = tree[7];
    final int[] c1 = rankColumns[n1 >>> ROW_BITS & featureMask];
    final int[] c2 = rankColumns[n2 >>> ROW_BITS & featureMask];
    final int[] c3 = rankColumns[n3 >>> ROW_BITS & featureMask];
    final int[] c4 = rankColumns[n4 >>> ROW_BITS & featureMask];
    final int[] c5 = rankColumns[n5 >>> ROW_BITS & featureMask];
    final int[] c6 = rankColumns[n6 >>> ROW_BITS & featureMask];
    final int[] c7 = rankColumns[n7 >>> ROW_BITS & featureMask];
    for (int r = 0; r < rows; r++) {
      // 1 when the row goes right at the node; a ^ ((a ^ b) & -c) is c == 0 ? a : b.
      final int level0 = (n1 - c1[r]) >>> 31;
      final int right2 = (n2 - c2[r]) >>> 31;
      final int right3 = (n3 - c3[r]) >>> 31;
      final int level1 = right2 ^ ((right2 ^ right3) & -level0);
      final int right4 = (n4 - c4[r]) >>> 31;
      final int right5 = (n5 - c5[r]) >>> 31;
      final int right6 = (n6 - c6[r]) >>> 31;
      final int right7 = (n7 - c7[r]) >>> 31;
      final int underLeft = right4 ^ ((right4 ^ right5) & -level1);
      final int underRight = right6 ^ ((right6 ^ right7) & -level1);
      final int level2 = underLeft ^ ((underLeft ^ underRight) & -level0);
      topNode[r] = 8 | level0 << 2 | level1 << 1 | level2;
    }
  }

  /**
   * One step of the walk: from node {@code k} of {@code tree} to its left (2k) or right (2k + 1)
   * child, for the row whose ranks are at {@code row} of each column of {@code ranks}.
   */
  private static int step(int[] tree, int[] ranks, int rankIndexMask, int k, int row) {
    final int node = tree[k];
    return k << 1 | (node - ranks[(node | row) & rankIndexMask]) >>> 31;
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
