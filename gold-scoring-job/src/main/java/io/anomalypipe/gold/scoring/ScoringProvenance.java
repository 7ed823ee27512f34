package io.anomalypipe.gold.scoring;

import io.anomalypipe.gold.registry.RegisteredForest;
import java.time.Instant;

/**
 * What every Gold row records about how it was scored: the model (registered name and version, when
 * loaded through the registry; the run that logged it), its threshold, the inference run of the
 * job, and when.
 *
 * @param modelName registered model name, or null for a {@code runs:/} model
 * @param modelVersion registered version, or null for a {@code runs:/} model
 * @param modelRunId the MLflow run that logged the model
 * @param threshold the model's decision threshold
 * @param scoringRunId the MLflow inference run of this job run
 * @param scoredAt the start of the micro-batch or re-score
 */
public record ScoringProvenance(
    String modelName,
    Long modelVersion,
    String modelRunId,
    double threshold,
    String scoringRunId,
    Instant scoredAt) {

  /** The provenance of rows scored now by {@code model} in the inference run {@code runId}. */
  public static ScoringProvenance of(RegisteredForest model, String scoringRunId, Instant at) {
    return new ScoringProvenance(
        model.reference().modelName().orElse(null),
        model.reference().version().orElse(null),
        model.reference().runId(),
        model.model().forest().threshold(),
        scoringRunId,
        at);
  }
}
