package io.anomalypipe.common.mlflow.model;

import java.util.Optional;

/**
 * Which model was loaded, for logs and for the scored rows' metadata.
 *
 * @param requestedUri the URI asked for, e.g. {@code models:/fraud@champion}
 * @param modelName the registered model, if loaded through the registry
 * @param version the registered version, if loaded through the registry
 * @param runId the run that logged the model
 * @param artifactPath the model's path in that run's artifacts
 * @param artifactUri where the files were read from
 */
public record ModelReference(
    String requestedUri,
    Optional<String> modelName,
    Optional<Long> version,
    String runId,
    String artifactPath,
    String artifactUri) {}
