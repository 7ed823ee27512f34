package io.anomalypipe.gold.model;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * A forest flattened into primitive arrays for allocation-free scoring.
 *
 * <p>Layout: all trees share three node arrays. Node i is a leaf when {@code feature[i] < 0}; its
 * {@code value[i]} is then the whole path length of a row ending there, depth + c(leaf size),
 * precomputed. Otherwise {@code value[i]} is the split threshold, the left child is {@code left[i]}
 * and the right child {@code left[i] + 1} (siblings are adjacent, so one index array suffices and
 * the branch becomes an addition). Trees are laid out breadth-first, one after the other; {@code
 * roots[t]} is the first node of tree t. A row goes left when {@code row[feature] < threshold}, as
 * in {@link ReferenceScorer}, and path lengths are summed in tree order, so both give the same
 * score. This layout is what {@link ForestCodec} stores.
 *
 * <p>For blocks of rows ({@link #scoreBlock}, {@link #scoreBatch}) the trees are also held as
 * {@link RankedTrees}: padded to complete binary trees whose splits compare threshold ranks, ints,
 * instead of doubles. A block's values are ranked once; then the trees pass over the block eight at
 * a time, their first three levels for all rows at once in vector instructions, the rest walked
 * without branches, six rows interleaved, tree after tree. The rank comparison is exact, and each
 * row still adds its path lengths in tree order, so a row gets the same score, bit for bit, from
 * {@link #score} and from a block. The only allocation is the scratch for a block's ranks and top
 * nodes (24 KiB for 7 features), once per call.
 */
public final class CompiledForest {
  /** Rows scored together, tree by tree: see {@link RankedTrees}. */
  private static final int BLOCK_ROWS = RankedTrees.BLOCK_ROWS;

  private final int subsampleSize;
  private final int featureCount;
  private final double threshold;
  private final int[] roots;
  private final int[] feature;
  private final double[] value;
  private final int[] left;
  private final double averagePathLengthOfSubsample;
  private final RankedTrees rankedTrees;

  /** Wraps arrays already validated (by {@link #compile} or {@link ForestCodec}); does not copy. */
  CompiledForest(
      int subsampleSize,
      int featureCount,
      double threshold,
      int[] roots,
      int[] feature,
      double[] value,
      int[] left) {
    this.subsampleSize = subsampleSize;
    this.featureCount = featureCount;
    this.threshold = threshold;
    this.roots = roots;
    this.feature = feature;
    this.value = value;
    this.left = left;
    this.averagePathLengthOfSubsample = AveragePathLength.of(subsampleSize);
    this.rankedTrees = RankedTrees.of(featureCount, roots, feature, value, left);
  }

  /** Flattens the trees of {@code forest}. */
  public static CompiledForest compile(TrainedForest forest) {
    int nodeCount = 0;
    for (IsolationTree tree : forest.trees()) {
      nodeCount += tree.nodeCount();
    }
    int[] roots = new int[forest.trees().size()];
    int[] feature = new int[nodeCount];
    double[] value = new double[nodeCount];
    int[] left = new int[nodeCount];

    int next = 0;
    Deque<PendingNode> queue = new ArrayDeque<>();
    for (int t = 0; t < roots.length; t++) {
      roots[t] = next;
      queue.add(new PendingNode(forest.trees().get(t).root(), next++, 0));
      while (!queue.isEmpty()) {
        PendingNode pending = queue.poll();
        int i = pending.index();
        if (pending.node() instanceof TreeNode.Split split) {
          feature[i] = split.feature();
          value[i] = split.threshold();
          left[i] = next;
          queue.add(new PendingNode(split.left(), next, pending.depth() + 1));
          queue.add(new PendingNode(split.right(), next + 1, pending.depth() + 1));
          next += 2;
        } else {
          feature[i] = -1;
          value[i] = pending.depth() + AveragePathLength.of(pending.node().size());
          left[i] = -1;
        }
      }
    }
    return new CompiledForest(
        forest.subsampleSize(),
        forest.featureCount(),
        forest.threshold(),
        roots,
        feature,
        value,
        left);
  }

  private record PendingNode(TreeNode node, int index, int depth) {}

  /** Anomaly score of one row, in (0, 1]; higher is more anomalous. */
  public double score(double[] row) {
    return score(row, 0);
  }

  /**
   * Anomaly score of the row stored at {@code data[offset .. offset + featureCount)}, for row-major
   * batches in one flat array. For many rows {@link #scoreBlock} is several times faster.
   */
  public double score(double[] data, int offset) {
    requireRowLength(data.length, offset);
    double pathLengthSum = 0.0;
    for (int root : roots) {
      pathLengthSum += rankedTrees.sparsePathLength(root, data, offset);
    }
    return scoreOf(pathLengthSum);
  }

  /**
   * Scores the {@code rowCount} rows of a row-major block: row r is {@code rowMajorFeatures[r *
   * featureCount .. (r + 1) * featureCount)}, its score goes to {@code scores[r]}. The fast path,
   * for a Spark partition's rows copied into one reused array. Thread safe: the forest is only
   * read, so one broadcast instance serves all tasks of an executor.
   *
   * @throws IllegalArgumentException if the arrays are shorter than {@code rowCount} rows
   */
  public void scoreBlock(double[] rowMajorFeatures, int rowCount, double[] scores) {
    if (rowCount < 0) {
      throw new IllegalArgumentException("rowCount must be >= 0, got " + rowCount);
    }
    if ((long) rowCount * featureCount > rowMajorFeatures.length) {
      throw new IllegalArgumentException(
          rowCount
              + " rows of "
              + featureCount
              + " features need "
              + (long) rowCount * featureCount
              + " values, the array has "
              + rowMajorFeatures.length);
    }
    if (scores.length < rowCount) {
      throw new IllegalArgumentException(
          "scores has " + scores.length + " slots for " + rowCount + " rows");
    }
    RankedTrees.BlockScratch scratch = rankedTrees.newScratch();
    for (int from = 0; from < rowCount; from += BLOCK_ROWS) {
      scoreRows(rowMajorFeatures, from, Math.min(rowCount, from + BLOCK_ROWS), scores, 0, scratch);
    }
  }

  /** Scores {@code rows[i]} into {@code out[i]}, through row-major blocks. */
  public void scoreBatch(double[][] rows, double[] out) {
    if (out.length < rows.length) {
      throw new IllegalArgumentException(
          "out has " + out.length + " slots for " + rows.length + " rows");
    }
    double[] block = new double[Math.min(rows.length, BLOCK_ROWS) * featureCount];
    RankedTrees.BlockScratch scratch = rankedTrees.newScratch();
    for (int from = 0; from < rows.length; from += BLOCK_ROWS) {
      int count = Math.min(BLOCK_ROWS, rows.length - from);
      for (int r = 0; r < count; r++) {
        double[] row = rows[from + r];
        if (row.length < featureCount) {
          requireRowLength(row.length, 0);
        }
        System.arraycopy(row, 0, block, r * featureCount, featureCount);
      }
      scoreRows(block, 0, count, out, from, scratch);
    }
  }

  /**
   * Scores rows [{@code fromRow}, {@code toRow}), at most {@link #BLOCK_ROWS}, of the row-major
   * {@code x} into {@code scores[scoresOffset + r]}: path lengths summed tree by tree in the slots,
   * then turned into scores. {@code scratch} is the caller's, for the block's ranks.
   */
  private void scoreRows(
      double[] x,
      int fromRow,
      int toRow,
      double[] scores,
      int scoresOffset,
      RankedTrees.BlockScratch scratch) {
    Arrays.fill(scores, scoresOffset + fromRow, scoresOffset + toRow, 0.0);
    rankedTrees.addPathLengths(x, fromRow, toRow, scores, scoresOffset, scratch);
    for (int i = scoresOffset + fromRow; i < scoresOffset + toRow; i++) {
      scores[i] = scoreOf(scores[i]);
    }
  }

  private double scoreOf(double pathLengthSum) {
    double mean = pathLengthSum / roots.length;
    return Math.pow(2.0, -mean / averagePathLengthOfSubsample);
  }

  /** {@code score(s) >= threshold()}. */
  public boolean predict(double score) {
    return score >= threshold;
  }

  private void requireRowLength(int length, int offset) {
    if (offset < 0 || length - offset < featureCount) {
      throw new IllegalArgumentException(
          "a row needs "
              + featureCount
              + " features, got "
              + Math.max(0, length - offset)
              + " (array length "
              + length
              + ", offset "
              + offset
              + ")");
    }
  }

  public int numTrees() {
    return roots.length;
  }

  public int subsampleSize() {
    return subsampleSize;
  }

  public int featureCount() {
    return featureCount;
  }

  public double threshold() {
    return threshold;
  }

  public int nodeCount() {
    return feature.length;
  }

  RankedTrees rankedTrees() {
    return rankedTrees;
  }

  int[] roots() {
    return roots;
  }

  int[] feature() {
    return feature;
  }

  double[] value() {
    return value;
  }

  int[] left() {
    return left;
  }

  @Override
  public String toString() {
    return "CompiledForest[trees="
        + roots.length
        + ", nodes="
        + feature.length
        + ", subsampleSize="
        + subsampleSize
        + ", featureCount="
        + featureCount
        + ", threshold="
        + threshold
        + ", arraysHash="
        + (Arrays.hashCode(feature) ^ Arrays.hashCode(value) ^ Arrays.hashCode(left))
        + "]";
  }
}
