package io.anomalypipe.gold.registry;

import io.anomalypipe.common.mlflow.MlflowConnection;
import io.anomalypipe.common.mlflow.model.LoadedModel;
import io.anomalypipe.common.mlflow.model.ModelFormatException;
import io.anomalypipe.common.mlflow.model.ModelLoader;
import io.anomalypipe.common.mlflow.model.ModelReference;
import io.anomalypipe.gold.model.ScoringModel;
import java.util.List;

/**
 * A forest loaded from MLflow, with where it came from (registered name, version, run): what the
 * Gold job scores with and records beside every score.
 */
public record RegisteredForest(ScoringModel model, ModelReference reference, String dataSha256) {

  /**
   * Loads the model at {@code uri} ({@code models:/<name>@<alias>}, {@code models:/<name>/<n>} or
   * {@code runs:/<run>/<path>}) and checks that it takes exactly {@code expectedFeatures}, in
   * order: a model trained on other features would score garbage, so it is refused.
   *
   * @throws ModelFormatException naming both feature lists when they differ
   */
  public static RegisteredForest load(
      MlflowConnection mlflow, String uri, List<String> expectedFeatures) {
    LoadedModel loaded = new ModelLoader(mlflow).load(uri, IsolationForestFlavor.FLAVOR);
    ScoringModel model = IsolationForestFlavor.decode(loaded);
    if (!model.featureNames().equals(expectedFeatures)) {
      throw new ModelFormatException(
          "model "
              + uri
              + " takes the features "
              + model.featureNames()
              + " but this job computes "
              + expectedFeatures
              + "; train a model with this version of the pipeline");
    }
    return new RegisteredForest(model, loaded.reference(), loaded.descriptor().dataSha256());
  }

  /** "name v3" or "runs:/…" for logs. */
  public String describe() {
    return reference
        .modelName()
        .map(name -> name + " v" + reference.version().orElse(0L))
        .orElse(reference.requestedUri());
  }
}
