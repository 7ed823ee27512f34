package io.anomalypipe.gold.training;

import io.anomalypipe.common.config.CommandLine;
import io.anomalypipe.common.config.ConfigReader;
import io.anomalypipe.common.config.PipelineConfigLoader;
import io.anomalypipe.common.features.EventFeatures;
import io.anomalypipe.common.mlflow.MlflowConnection;
import io.anomalypipe.common.mlflow.MlflowSettings;
import io.anomalypipe.gold.model.CompiledForest;
import io.anomalypipe.gold.registry.RegisteredForest;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a fresh JVM by {@link TrainingJobIntegrationTest}: loads a model from MLflow the way the
 * Gold job does and scores a matrix read from a file.
 *
 * <p>Args: tracking URI, model URI, input (int rows, int columns, then the doubles, row-major),
 * output (the scores as doubles).
 */
public final class ScoreWithRegisteredModel {
  private ScoreWithRegisteredModel() {}

  public static void main(String[] args) throws IOException {
    MlflowSettings settings =
        MlflowSettings.fromConfig(
            ConfigReader.of(
                PipelineConfigLoader.load(CommandLine.parse("--mlflow.tracking-uri", args[0]))));
    try (MlflowConnection mlflow = MlflowConnection.open(settings, name -> null)) {
      CompiledForest forest =
          RegisteredForest.load(mlflow, args[1], EventFeatures.names()).model().forest();
      try (DataInputStream in = new DataInputStream(Files.newInputStream(Path.of(args[2])));
          DataOutputStream out = new DataOutputStream(Files.newOutputStream(Path.of(args[3])))) {
        int rows = in.readInt();
        int columns = in.readInt();
        double[] row = new double[columns];
        for (int i = 0; i < rows; i++) {
          for (int j = 0; j < columns; j++) {
            row[j] = in.readDouble();
          }
          out.writeDouble(forest.score(row));
        }
      }
    }
  }
}
