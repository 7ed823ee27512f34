package io.anomalypipe.gold.model;

/**
 * Scores rows by walking the tree objects of a {@link TrainedForest} directly: the plain statement
 * of the paper's definition, kept as the yardstick for {@link CompiledForest}.
 *
 * <p>h(x) = depth of the leaf x reaches + c(leaf size); s(x) = 2^(−mean h(x) / c(ψ)).
 */
public final class ReferenceScorer {
  private final TrainedForest forest;

  public ReferenceScorer(TrainedForest forest) {
    this.forest = forest;
  }

  public double score(double[] row) {
    double pathLengthSum = 0.0;
    for (IsolationTree tree : forest.trees()) {
      pathLengthSum += pathLength(tree.root(), row);
    }
    double mean = pathLengthSum / forest.trees().size();
    return AveragePathLength.anomalyScore(mean, forest.subsampleSize());
  }

  /** h(x) in one tree. */
  public static double pathLength(TreeNode root, double[] row) {
    TreeNode node = root;
    int depth = 0;
    while (node instanceof TreeNode.Split split) {
      node = row[split.feature()] < split.threshold() ? split.left() : split.right();
      depth++;
    }
    return depth + AveragePathLength.of(node.size());
  }
}
