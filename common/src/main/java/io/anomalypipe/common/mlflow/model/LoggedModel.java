package io.anomalypipe.common.mlflow.model;

/**
 * A model directory written to a run.
 *
 * @param runId the run
 * @param artifactPath the directory's path in the run's artifacts, e.g. {@code model}
 * @param artifactUri the directory's full location, e.g. {@code
 *     mlflow-artifacts:/1/<run>/artifacts/model}
 * @param dataSha256 SHA-256 of the data file (also the run tag {@link ModelChecksums#dataTag})
 * @param mlmodelSha256 SHA-256 of {@code MLmodel} (also the run tag {@link
 *     ModelChecksums#mlmodelTag})
 */
public record LoggedModel(
    String runId,
    String artifactPath,
    String artifactUri,
    String dataSha256,
    String mlmodelSha256) {

  /** {@code runs:/<run_id>/<artifact_path>}. */
  public String runsUri() {
    return "runs:/" + runId + "/" + artifactPath;
  }
}
