package io.anomalypipe.gold.registry;

import io.anomalypipe.common.features.FeatureDefinition;
import io.anomalypipe.common.job.BuildInfo;
import io.anomalypipe.common.mlflow.model.ColumnSpec;
import io.anomalypipe.common.mlflow.model.LoadedModel;
import io.anomalypipe.common.mlflow.model.ModelArtifact;
import io.anomalypipe.common.mlflow.model.ModelFormatException;
import io.anomalypipe.common.mlflow.model.ModelSignature;
import io.anomalypipe.gold.model.CompiledForest;
import io.anomalypipe.gold.model.ForestCodec;
import io.anomalypipe.gold.model.ForestFormatException;
import io.anomalypipe.gold.model.ScoringModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The project's MLflow model flavor: how a trained forest becomes an MLflow model directory and
 * back.
 *
 * <p>Directory: {@code MLmodel} (flavor {@value #FLAVOR} with the data file name, the binary format
 * and its version, the project version and commit; the features as the signature's inputs, the
 * score and flag as its outputs; the threshold, ψ and tree count as metadata; an input example),
 * {@code input_example.json}, and {@value #DATA_FILE} in {@link ForestCodec}'s checked binary
 * format. Loading decodes only that format (never Java serialization) and checks that the signature
 * and the encoded feature names agree.
 */
public final class IsolationForestFlavor {

  public static final String FLAVOR = "anomaly_pipeline_isolation_forest";
  public static final String DATA_FILE = "forest.bin";

  /** Metadata keys in {@code MLmodel}. */
  public static final String THRESHOLD = "threshold";

  public static final String SUBSAMPLE_SIZE = "subsample_size";
  public static final String NUM_TREES = "num_trees";
  public static final String SCORE_DIRECTION = "score_direction";

  /** Output columns of the signature: the names the Gold tables use. */
  public static final String SCORE_OUTPUT = "anomaly_score";

  public static final String FLAG_OUTPUT = "is_anomaly";

  private IsolationForestFlavor() {}

  /**
   * The model directory of {@code model}.
   *
   * @param features the feature definitions, in model input order (names must match the model's)
   * @param inputExample a few rows of feature values, in the same order
   */
  public static ModelArtifact artifact(
      ScoringModel model, List<FeatureDefinition> features, List<double[]> inputExample) {
    List<String> names = features.stream().map(FeatureDefinition::name).toList();
    if (!names.equals(model.featureNames())) {
      throw new IllegalArgumentException(
          "feature definitions " + names + " do not match the model's " + model.featureNames());
    }
    List<ColumnSpec> inputs = new ArrayList<>();
    for (FeatureDefinition feature : features) {
      inputs.add(new ColumnSpec(feature.name(), feature.mlflowType()));
    }
    List<ColumnSpec> outputs =
        List.of(new ColumnSpec(SCORE_OUTPUT, "double"), new ColumnSpec(FLAG_OUTPUT, "boolean"));

    BuildInfo build = BuildInfo.current();
    Map<String, Object> flavorProperties = new LinkedHashMap<>();
    flavorProperties.put("format", "anomaly-pipeline-forest");
    flavorProperties.put("format_version", ForestCodec.FORMAT_VERSION);
    flavorProperties.put("project_version", build.version());
    flavorProperties.put("git_commit", build.gitCommit());
    flavorProperties.put(
        "algorithm",
        "Isolation Forest (Liu, Ting & Zhou 2008), axis-parallel, trained by the project");
    // Smile is the benchmark baseline, not the trainer: say so rather than a misleading version
    flavorProperties.put("smile_version", "none (Smile 3.1.1 is only the benchmark baseline)");

    Map<String, Object> metadata = new LinkedHashMap<>();
    CompiledForest forest = model.forest();
    metadata.put(THRESHOLD, forest.threshold());
    metadata.put(SUBSAMPLE_SIZE, forest.subsampleSize());
    metadata.put(NUM_TREES, forest.numTrees());
    metadata.put(SCORE_DIRECTION, "higher is more anomalous; scores lie in (0, 1]");

    List<List<Object>> example = new ArrayList<>();
    for (double[] row : inputExample) {
      List<Object> values = new ArrayList<>();
      for (double value : row) {
        values.add(value);
      }
      example.add(values);
    }
    return new ModelArtifact(
        FLAVOR,
        flavorProperties,
        DATA_FILE,
        ForestCodec.encode(model),
        new ModelSignature(inputs, outputs),
        example,
        metadata);
  }

  /**
   * Decodes a loaded model directory of this flavor.
   *
   * @throws ModelFormatException when the data is not a valid forest, or its feature names differ
   *     from the signature's
   */
  public static ScoringModel decode(LoadedModel loaded) {
    String uri = loaded.reference().requestedUri();
    ScoringModel model;
    try {
      model = ForestCodec.decode(loaded.data());
    } catch (ForestFormatException e) {
      throw new ModelFormatException(
          "model " + uri + ": " + DATA_FILE + " is not a valid forest: " + e.getMessage(), e);
    }
    List<String> signatureNames = loaded.descriptor().signature().inputNames();
    if (!signatureNames.equals(model.featureNames())) {
      throw new ModelFormatException(
          "model "
              + uri
              + ": the MLmodel signature lists the features "
              + signatureNames
              + " but the forest was trained on "
              + model.featureNames());
    }
    return model;
  }
}
