package io.anomalypipe.bench;

import io.anomalypipe.common.features.EventFeatures;
import io.anomalypipe.gold.model.CompiledForest;
import java.io.IOException;
import java.nio.file.Path;
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

/**
 * Isolation Forest scoring speed, one thread, in rows per second ("ops/s"), on the feature matrix
 * of {@link FeatureMatrixFile} (1,000,000 generated events × the features of {@link
 * EventFeatures}): the same forest scored three ways. Each invocation scores the next slice of
 * 65,536 rows, so an iteration passes over the whole matrix.
 *
 * <p>The forest ({@link ScoringFixture}) is trained by the project's trainer (100 trees, ψ = 256,
 * seed 42) on the matrix, encoded with {@code ForestCodec} and decoded again, as the Gold job loads
 * it:
 *
 * <ul>
 *   <li>{@link #compiledScoreBlock}: {@link CompiledForest#scoreBlock} over a row-major array of
 *       the slice's rows, the block scorer (the Gold job's {@code IsolationForestScorer} still
 *       scores its blocks row by row);
 *   <li>{@link #compiledScoreRowByRow}: {@link CompiledForest#score(double[], int)} row by row, the
 *       scorer as it was before block scoring;
 *   <li>{@link #smileScoreRowByRow}: Smile 3.1.1's {@code IsolationForest.score(double[])} on the
 *       same trees, rebuilt as Smile nodes by {@link SmileForests#of}; setup checks that its scores
 *       equal ours.
 * </ul>
 *
 * Times are wall-clock; {@link ForestScoringCpuTime} measures the same calls in thread CPU time.
 * Run with {@code bench/forest-scoring.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class ForestScoringBenchmark {

  /** Rows of the matrix the script writes. */
  static final int ROWS = 1_000_000;

  /**
   * Rows scored per invocation: the next slice of the matrix, so that an iteration passes over all
   * of it while Smile's invocations stay a few seconds long.
   */
  static final int SLICE_ROWS = 1 << 16;

  private static final int SLICES = ROWS / SLICE_ROWS;

  /** The matrix files' path without suffix, as given to {@link FeatureMatrixFile}. */
  @Param({".run/bench/forest-matrix"})
  public String matrix;

  private int featureCount;
  private double[] rowMajor;
  private double[][] rowArrays;
  private double[][] slices;
  private double[] scores;
  private CompiledForest compiled;
  private IsolationForest smile;
  private int nextSlice;

  @Setup
  public void setUp() throws IOException {
    ScoringFixture fixture = ScoringFixture.load(Path.of(matrix), ROWS);
    featureCount = fixture.featureCount;
    rowMajor = fixture.rowMajor;
    rowArrays = fixture.rowArrays;
    compiled = fixture.compiled;
    smile = fixture.smile;
    scores = new double[SLICE_ROWS];
    slices = new double[SLICES][];
    for (int s = 0; s < SLICES; s++) {
      slices[s] = new double[SLICE_ROWS * featureCount];
      System.arraycopy(
          rowMajor, s * SLICE_ROWS * featureCount, slices[s], 0, SLICE_ROWS * featureCount);
    }
  }

  @Benchmark
  @OperationsPerInvocation(SLICE_ROWS)
  public double[] compiledScoreBlock() {
    int first = nextFirstRow();
    compiled.scoreBlock(slices[first / SLICE_ROWS], SLICE_ROWS, scores);
    return scores;
  }

  @Benchmark
  @OperationsPerInvocation(SLICE_ROWS)
  public double compiledScoreRowByRow() {
    int first = nextFirstRow();
    double sum = 0;
    for (int r = first; r < first + SLICE_ROWS; r++) {
      sum += compiled.score(rowMajor, r * featureCount);
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(SLICE_ROWS)
  public double smileScoreRowByRow() {
    int first = nextFirstRow();
    double sum = 0;
    for (int r = first; r < first + SLICE_ROWS; r++) {
      sum += smile.score(rowArrays[r]);
    }
    return sum;
  }

  private int nextFirstRow() {
    int slice = nextSlice;
    nextSlice = (slice + 1) % SLICES;
    return slice * SLICE_ROWS;
  }
}
