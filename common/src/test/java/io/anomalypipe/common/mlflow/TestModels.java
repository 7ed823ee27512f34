package io.anomalypipe.common.mlflow;

import io.anomalypipe.common.config.CommandLine;
import io.anomalypipe.common.config.ConfigReader;
import io.anomalypipe.common.config.PipelineConfigLoader;
import io.anomalypipe.common.mlflow.model.ColumnSpec;
import io.anomalypipe.common.mlflow.model.ModelArtifact;
import io.anomalypipe.common.mlflow.model.ModelSignature;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/** Settings and model artifacts for the MLflow layer's tests. */
final class TestModels {

  static final String FLAVOR = "anomaly_pipeline_test";

  private TestModels() {}

  /** The pipeline's default settings, pointed at {@code trackingUri}, plus {@code flags}. */
  static MlflowSettings settings(String trackingUri, String... flags) {
    String[] all = Arrays.copyOf(flags, flags.length + 2);
    all[flags.length] = "--mlflow.tracking-uri";
    all[flags.length + 1] = trackingUri;
    return MlflowSettings.fromConfig(
        ConfigReader.of(PipelineConfigLoader.load(CommandLine.parse(all))));
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A model with {@code size} random bytes of data, three features and a threshold. */
  static ModelArtifact artifact(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("threshold", 0.6125);
    metadata.put("smile_version", "3.1.1");
    metadata.put("pipeline_version", "0.1.0-SNAPSHOT");
    metadata.put("training_rows", 250_000L);
    return new ModelArtifact(
        FLAVOR,
        Map.of("format", "test-bytes", "format_version", 1),
        "model.bin",
        data,
        new ModelSignature(
            List.of(
                new ColumnSpec("value", "double"),
                new ColumnSpec("hour_of_day", "long"),
                new ColumnSpec("event_type", "string")),
            List.of(new ColumnSpec("anomaly_score", "double"))),
        List.of(List.of(12.5, 3L, "click"), List.of(900.0, 23L, "purchase")),
        metadata);
  }
}
