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
 * score.
 */
public final class CompiledForest {
  private final int subsampleSize;
  private final int featureCount;
  private final double threshold;
  private final int[] roots;
  private final int[] feature;
  private final double[] value;
  private final int[] left;
  private final double averagePathLengthOfSubsample;

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
   * batches in one flat array.
   */
  public double score(double[] data, int offset) {
    requireRowLength(data.length, offset);
    final int[] feature = this.feature;
    final double[] value = this.value;
    final int[] left = this.left;
    double pathLengthSum = 0.0;
    for (int root : roots) {
      int node = root;
      int f;
      while ((f = feature[node]) >= 0) {
        node = left[node] + (data[offset + f] < value[node] ? 0 : 1);
      }
      pathLengthSum += value[node];
    }
    double mean = pathLengthSum / roots.length;
    return Math.pow(2.0, -mean / averagePathLengthOfSubsample);
  }

  /** Scores {@code rows[i]} into {@code out[i]}. */
  public void scoreBatch(double[][] rows, double[] out) {
    if (out.length < rows.length) {
      throw new IllegalArgumentException(
          "out has " + out.length + " slots for " + rows.length + " rows");
    }
    for (int i = 0; i < rows.length; i++) {
      out[i] = score(rows[i]);
    }
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
