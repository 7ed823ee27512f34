package io.anomalypipe.common.mlflow;

/** A registered model, version, alias or run that the registry or tracking server does not have. */
public final class ModelNotFoundException extends MlflowException {
  private static final long serialVersionUID = 1L;

  public ModelNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }

  public ModelNotFoundException(String message) {
    super(message);
  }
}
