package io.anomalypipe.bench;

import io.anomalypipe.common.features.EventFeatures;
import io.anomalypipe.gold.model.CompiledForest;
import io.anomalypipe.gold.model.ForestCodec;
import io.anomalypipe.gold.model.IsolationForestParams;
import io.anomalypipe.gold.model.IsolationForestTrainer;
import io.anomalypipe.gold.model.ScoringModel;
import io.anomalypipe.gold.model.TrainedForest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import smile.anomaly.IsolationForest;

/**
 * What the scoring benchmarks score, made once per JVM: the feature matrix of {@link
 * FeatureMatrixFile}, a forest trained on it by the project's trainer (100 trees, ψ = 256, seed 42)
 * and passed through {@link ForestCodec} as the Gold job loads it, and the same trees as a Smile
 * forest ({@link SmileForests}), checked to give the same scores.
 */
final class ScoringFixture {
  final int featureCount;
  final int rows;
  final double[] rowMajor;
  final double[][] rowArrays;
  final CompiledForest compiled;
  final IsolationForest smile;

  private ScoringFixture(
      int featureCount,
      double[] rowMajor,
      double[][] rowArrays,
      CompiledForest compiled,
      IsolationForest smile) {
    this.featureCount = featureCount;
    this.rows = rowArrays.length;
    this.rowMajor = rowMajor;
    this.rowArrays = rowArrays;
    this.compiled = compiled;
    this.smile = smile;
  }

  static ScoringFixture load(Path matrix, int expectedRows) throws IOException {
    int featureCount = EventFeatures.names().size();
    double[] rowMajor = FeatureMatrixFile.readMatrix(matrix, featureCount);
    int rows = rowMajor.length / featureCount;
    if (rows != expectedRows) {
      throw new IllegalStateException(
          matrix + ".f64 has " + rows + " rows, expected " + expectedRows);
    }
    double[][] rowArrays = new double[rows][featureCount];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(rowMajor, r * featureCount, rowArrays[r], 0, featureCount);
    }
    TrainedForest trained =
        IsolationForestTrainer.fit(
            rowArrays,
            IsolationForestParams.defaults(42L).withNumTrees(100).withSubsampleSize(256));
    byte[] encoded =
        ForestCodec.encode(
            new ScoringModel(CompiledForest.compile(trained), EventFeatures.names()));
    CompiledForest compiled = ForestCodec.decode(encoded).forest();
    IsolationForest smile = SmileForests.of(trained);

    double[] scores = new double[rows];
    compiled.scoreBlock(rowMajor, rows, scores);
    for (int r = 0; r < rows; r += 97) {
      double theirs = smile.score(rowArrays[r]);
      if (Math.abs(scores[r] - theirs) > 1e-12) {
        throw new IllegalStateException(
            "Smile's score of row "
                + r
                + " is "
                + theirs
                + ", ours "
                + scores[r]
                + ": not the same forest");
      }
    }
    writeScores(FeatureMatrixFile.suffixed(matrix, ".scores.f64"), scores);
    return new ScoringFixture(featureCount, rowMajor, rowArrays, compiled, smile);
  }

  /** Our scores of all rows, for the script to compare with scikit-learn's (AUC). */
  private static void writeScores(Path file, double[] values) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (double value : values) {
      bytes.putDouble(value);
    }
    Files.write(file, bytes.array());
  }
}
