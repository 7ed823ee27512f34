package io.anomalypipe.gold.model;

/**
 * Hyper-parameters of an Isolation Forest (Liu, Ting & Zhou 2008), validated once on construction.
 *
 * @param numTrees number of isolation trees, &gt; 0 (default 100)
 * @param subsampleSize ψ, rows drawn without replacement for each tree, &ge; 2 (default 256); the
 *     trainer uses min(ψ, n)
 * @param extensionLevel 0 for the paper's axis-parallel splits (default); extended isolation forest
 *     levels are not implemented yet and are refused by the trainer
 * @param seed seed of every random choice; same seed and data give the same model bit for bit
 * @param contamination expected share of anomalies in the training data, in (0, 0.5] (default
 *     0.01); it sets the decision threshold
 */
public record IsolationForestParams(
    int numTrees, int subsampleSize, int extensionLevel, long seed, double contamination) {

  public static final int DEFAULT_NUM_TREES = 100;
  public static final int DEFAULT_SUBSAMPLE_SIZE = 256;
  public static final int DEFAULT_EXTENSION_LEVEL = 0;
  public static final double DEFAULT_CONTAMINATION = 0.01;

  public IsolationForestParams {
    require(numTrees > 0, "numTrees must be > 0, got " + numTrees);
    // ψ = 1 would make the normaliser c(ψ) zero.
    require(subsampleSize >= 2, "subsampleSize must be >= 2, got " + subsampleSize);
    require(extensionLevel >= 0, "extensionLevel must be >= 0, got " + extensionLevel);
    require(
        contamination > 0.0 && contamination <= 0.5,
        "contamination must be in (0, 0.5], got " + contamination);
  }

  /** The defaults of the paper (100 trees, ψ = 256, axis-parallel) with the given seed. */
  public static IsolationForestParams defaults(long seed) {
    return new IsolationForestParams(
        DEFAULT_NUM_TREES,
        DEFAULT_SUBSAMPLE_SIZE,
        DEFAULT_EXTENSION_LEVEL,
        seed,
        DEFAULT_CONTAMINATION);
  }

  public IsolationForestParams withNumTrees(int value) {
    return new IsolationForestParams(value, subsampleSize, extensionLevel, seed, contamination);
  }

  public IsolationForestParams withSubsampleSize(int value) {
    return new IsolationForestParams(numTrees, value, extensionLevel, seed, contamination);
  }

  public IsolationForestParams withExtensionLevel(int value) {
    return new IsolationForestParams(numTrees, subsampleSize, value, seed, contamination);
  }

  public IsolationForestParams withSeed(long value) {
    return new IsolationForestParams(numTrees, subsampleSize, extensionLevel, value, contamination);
  }

  public IsolationForestParams withContamination(double value) {
    return new IsolationForestParams(numTrees, subsampleSize, extensionLevel, seed, value);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
