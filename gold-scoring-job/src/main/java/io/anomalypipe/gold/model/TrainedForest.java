package io.anomalypipe.gold.model;

import java.util.List;

/**
 * A trained Isolation Forest as tree objects, with the threshold chosen at training time. Compile
 * it with {@link CompiledForest#compile} for fast scoring; score it with {@link ReferenceScorer} to
 * check.
 *
 * @param trees the isolation trees, in training order (which fixes the summation order of scores)
 * @param subsampleSize the ψ actually used, min(requested ψ, n); c(ψ) normalises the scores
 * @param featureCount number of columns of the training matrix
 * @param threshold scores at or above it are anomalies
 */
public record TrainedForest(
    List<IsolationTree> trees, int subsampleSize, int featureCount, double threshold) {

  public TrainedForest {
    trees = List.copyOf(trees);
    if (trees.isEmpty()) {
      throw new IllegalArgumentException("a forest needs at least one tree");
    }
    if (subsampleSize < 2) {
      throw new IllegalArgumentException("subsampleSize must be >= 2, got " + subsampleSize);
    }
    if (Double.isNaN(threshold)) {
      throw new IllegalArgumentException("threshold must not be NaN");
    }
    if (featureCount < 1) {
      throw new IllegalArgumentException("featureCount must be >= 1, got " + featureCount);
    }
  }

  /** The same trees with a fixed threshold instead of the one derived from contamination. */
  public TrainedForest withThreshold(double fixedThreshold) {
    return new TrainedForest(trees, subsampleSize, featureCount, fixedThreshold);
  }
}
