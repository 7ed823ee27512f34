package io.anomalypipe.gold.model;

/**
 * A node of a trained isolation tree. Rows with {@code row[feature] < threshold} go left, the
 * others right. Every node records how many training rows reached it.
 */
public sealed interface TreeNode permits TreeNode.Leaf, TreeNode.Split {

  /** Number of training rows that reached this node. */
  int size();

  /** An external node: isolation stopped here with {@code size} rows. */
  record Leaf(int size) implements TreeNode {
    public Leaf {
      if (size < 1) {
        throw new IllegalArgumentException("leaf size must be >= 1, got " + size);
      }
    }
  }

  /** An internal node splitting on one feature. */
  record Split(int feature, double threshold, int size, TreeNode left, TreeNode right)
      implements TreeNode {}
}
