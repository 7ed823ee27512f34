package io.anomalypipe.common.mlflow.artifacts;

import io.anomalypipe.common.mlflow.MlflowException;

/** An artifact that is not where it was expected; the message names the full location. */
public final class ArtifactNotFoundException extends MlflowException {
  private static final long serialVersionUID = 1L;

  public ArtifactNotFoundException(String location, Throwable cause) {
    super("artifact not found: " + location, cause);
  }
}
