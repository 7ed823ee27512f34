package io.anomalypipe.common.mlflow;

/**
 * A failure talking to MLflow or handling a model kept there. Subclasses say which kind; every
 * message names the server or the model URI concerned and never contains a credential.
 */
public class MlflowException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MlflowException(String message) {
    super(message);
  }

  public MlflowException(String message, Throwable cause) {
    super(message, cause);
  }
}
