package io.anomalypipe.gold.model;

/**
 * One trained isolation tree.
 *
 * @param root the root node; {@code root.size()} equals {@code trainingSize}
 * @param trainingSize number of rows the tree was built from (ψ)
 * @param heightLimit the depth at which growth was stopped, ⌈log2 ψ⌉
 */
public record IsolationTree(TreeNode root, int trainingSize, int heightLimit) {

  /** Length of the longest root-to-leaf path (0 for a single leaf). */
  public int depth() {
    return depthOf(root);
  }

  /** Number of nodes, internal and external. */
  public int nodeCount() {
    return countNodes(root);
  }

  private static int depthOf(TreeNode node) {
    if (node instanceof TreeNode.Split split) {
      return 1 + Math.max(depthOf(split.left()), depthOf(split.right()));
    }
    return 0;
  }

  private static int countNodes(TreeNode node) {
    if (node instanceof TreeNode.Split split) {
      return 1 + countNodes(split.left()) + countNodes(split.right());
    }
    return 1;
  }
}
