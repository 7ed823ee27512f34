package io.anomalypipe.bench;

import io.anomalypipe.gold.model.AveragePathLength;
import io.anomalypipe.gold.model.IsolationTree;
import io.anomalypipe.gold.model.TrainedForest;
import io.anomalypipe.gold.model.TreeNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import smile.anomaly.IsolationForest;

/**
 * Our trees as a Smile 3.1.1 {@link IsolationForest}, so the benchmark times Smile's own scorer on
 * the very forest we score.
 *
 * <p>Smile has no public way to build a tree from nodes: {@code IsolationTree} grows itself from
 * data, and its {@code Node} class and constructors are package-private. So each tree is grown from
 * a single row (a leaf), then its {@code root} field is set, by reflection, to nodes made with
 * {@code Node}'s own constructors: a split on feature f at threshold t becomes Smile's hyperplane
 * with slope e<sub>f</sub> (the unit vector) and bias t, which Smile follows left when {@code
 * dot(x, slope) < bias}, i.e. when x[f] &lt; t, as we do; a leaf's "depth" is our path length,
 * depth + c(size). Smile normalises by c(n) of the n given to its public constructor: we give ψ.
 * Reflection is fine for a benchmark; the product does not use Smile.
 */
final class SmileForests {

  private SmileForests() {}

  static IsolationForest of(TrainedForest forest) {
    try {
      Class<?> nodeClass = Class.forName("smile.anomaly.IsolationTree$Node");
      Constructor<?> leaf =
          nodeClass.getDeclaredConstructor(smile.anomaly.IsolationTree.class, double.class);
      Constructor<?> split =
          nodeClass.getDeclaredConstructor(
              smile.anomaly.IsolationTree.class,
              double.class,
              double[].class,
              double[].class,
              double.class,
              nodeClass,
              nodeClass);
      leaf.setAccessible(true);
      split.setAccessible(true);
      Field root = smile.anomaly.IsolationTree.class.getDeclaredField("root");
      root.setAccessible(true);

      int featureCount = forest.featureCount();
      List<IsolationTree> trees = forest.trees();
      smile.anomaly.IsolationTree[] smileTrees = new smile.anomaly.IsolationTree[trees.size()];
      for (int t = 0; t < smileTrees.length; t++) {
        smile.anomaly.IsolationTree shell =
            new smile.anomaly.IsolationTree(List.of(new double[featureCount]), 1, 0);
        root.set(shell, node(trees.get(t).root(), 0, shell, featureCount, leaf, split));
        smileTrees[t] = shell;
      }
      return new IsolationForest(forest.subsampleSize(), 0, smileTrees);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build Smile 3.1.1 trees from ours", e);
    }
  }

  private static Object node(
      TreeNode node,
      int depth,
      smile.anomaly.IsolationTree owner,
      int featureCount,
      Constructor<?> leaf,
      Constructor<?> split)
      throws InstantiationException, IllegalAccessException, InvocationTargetException {
    if (node instanceof TreeNode.Split s) {
      double[] slope = new double[featureCount];
      slope[s.feature()] = 1.0;
      return split.newInstance(
          owner,
          (double) depth,
          slope,
          new double[featureCount],
          s.threshold(),
          node(s.left(), depth + 1, owner, featureCount, leaf, split),
          node(s.right(), depth + 1, owner, featureCount, leaf, split));
    }
    return leaf.newInstance(owner, depth + AveragePathLength.of(node.size()));
  }
}
