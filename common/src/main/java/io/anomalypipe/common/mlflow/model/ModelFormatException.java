package io.anomalypipe.common.mlflow.model;

import io.anomalypipe.common.mlflow.MlflowException;

/**
 * A model directory this layer cannot use: an {@code MLmodel} it cannot parse, without the expected
 * flavor, or with a data file name or signature that does not fit. The message names the model URI.
 */
public final class ModelFormatException extends MlflowException {
  private static final long serialVersionUID = 1L;

  public ModelFormatException(String message) {
    super(message);
  }

  public ModelFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
