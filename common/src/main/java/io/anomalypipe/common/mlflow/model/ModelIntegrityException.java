package io.anomalypipe.common.mlflow.model;

import io.anomalypipe.common.mlflow.MlflowException;

/**
 * A model file whose SHA-256 is not the one recorded with its run when it was logged (or a run with
 * no checksum at all): the model is refused. The message names the model URI, the file, the
 * expected and the actual hash.
 */
public final class ModelIntegrityException extends MlflowException {
  private static final long serialVersionUID = 1L;

  private final String expectedSha256;
  private final String actualSha256;

  public ModelIntegrityException(String message, String expectedSha256, String actualSha256) {
    super(message);
    this.expectedSha256 = expectedSha256;
    this.actualSha256 = actualSha256;
  }

  /** The hash recorded at logging time; empty if the run has none. */
  public String expectedSha256() {
    return expectedSha256;
  }

  /** The hash of the file as read now. */
  public String actualSha256() {
    return actualSha256;
  }
}
