package io.anomalypipe.bench;

import io.anomalypipe.gold.model.CompiledForest;
import io.anomalypipe.gold.model.IsolationForestParams;
import io.anomalypipe.gold.model.IsolationForestTrainer;
import io.anomalypipe.gold.model.ReferenceScorer;
import io.anomalypipe.gold.model.TrainedForest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import smile.anomaly.IsolationForest;
import smile.anomaly.IsolationTree;
import smile.math.MathEx;

/**
 * Isolation Forest scoring speed, one thread, per row: our {@link CompiledForest} (row arrays and
 * one flat row-major array), the {@link ReferenceScorer} walking tree objects, and Smile 3.1.1's
 * {@code IsolationForest.score}.
 *
 * <p>Smile cannot score our trees: its tree nodes are package-private and {@code IsolationTree} can
 * only be grown from data. So the Smile forest is grown by Smile on ψ-row subsamples of the same
 * training data with the same tree count, height limit ⌈log2 ψ⌉ and axis-parallel splits (extension
 * level 0) — the same shape and work per row, not the same trees.
 *
 * <pre>
 * bench/forest-scoring.sh
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ForestScoringBenchmark {
  private static final int TRAINING_ROWS = 100_000;
  private static final int SCORED_ROWS = 4_096;

  @Param({"6"})
  public int featureCount;

  @Param({"100"})
  public int numTrees;

  @Param({"256"})
  public int subsampleSize;

  private double[][] rows;
  private double[] flatRows;
  private CompiledForest compiled;
  private ReferenceScorer reference;
  private IsolationForest smile;

  @Setup
  public void setUp() {
    double[][] training = gaussianRows(TRAINING_ROWS, featureCount, 1L);
    rows = gaussianRows(SCORED_ROWS, featureCount, 2L);
    flatRows = new double[SCORED_ROWS * featureCount];
    for (int i = 0; i < SCORED_ROWS; i++) {
      System.arraycopy(rows[i], 0, flatRows, i * featureCount, featureCount);
    }

    IsolationForestParams params =
        IsolationForestParams.defaults(42L).withNumTrees(numTrees).withSubsampleSize(subsampleSize);
    TrainedForest forest = IsolationForestTrainer.fit(training, params);
    compiled = CompiledForest.compile(forest);
    reference = new ReferenceScorer(forest);
    smile = smileForestOfTheSameShape(training, forest.trees().get(0).heightLimit());
  }

  private IsolationForest smileForestOfTheSameShape(double[][] training, int heightLimit) {
    // Smile draws from MathEx's thread-local generator; seeding it here makes setup repeatable.
    MathEx.setSeed(42L);
    SplittableRandom random = new SplittableRandom(43L);
    IsolationTree[] trees = new IsolationTree[numTrees];
    for (int t = 0; t < numTrees; t++) {
      List<double[]> subsample = new ArrayList<>(subsampleSize);
      for (int index : random.ints(0, training.length).distinct().limit(subsampleSize).toArray()) {
        subsample.add(training[index]);
      }
      trees[t] = new IsolationTree(subsample, heightLimit, 0);
    }
    // The first argument is the size c(n) normalises by: ψ, as in our scorer.
    return new IsolationForest(subsampleSize, 0, trees);
  }

  @Benchmark
  @OperationsPerInvocation(SCORED_ROWS)
  public double compiledForestRowArrays() {
    double sum = 0;
    for (double[] row : rows) {
      sum += compiled.score(row);
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(SCORED_ROWS)
  public double compiledForestFlatRowMajor() {
    double sum = 0;
    for (int offset = 0; offset < flatRows.length; offset += featureCount) {
      sum += compiled.score(flatRows, offset);
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(SCORED_ROWS)
  public double referenceScorer() {
    double sum = 0;
    for (double[] row : rows) {
      sum += reference.score(row);
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(SCORED_ROWS)
  public double smileIsolationForest() {
    double sum = 0;
    for (double[] row : rows) {
      sum += smile.score(row);
    }
    return sum;
  }

  private static double[][] gaussianRows(int n, int dims, long seed) {
    java.util.Random random = new java.util.Random(seed);
    double[][] x = new double[n][dims];
    for (double[] row : x) {
      for (int d = 0; d < dims; d++) {
        row[d] = random.nextGaussian();
      }
    }
    return x;
  }
}
