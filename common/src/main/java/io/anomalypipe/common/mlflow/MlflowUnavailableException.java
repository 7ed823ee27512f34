package io.anomalypipe.common.mlflow;

/**
 * The tracking server cannot be reached (connection refused, unknown host, timeout, TLS failure),
 * answers with a server error, or does not speak the MLflow REST API. The message names the
 * tracking URI and the cause.
 */
public final class MlflowUnavailableException extends MlflowException {
  private static final long serialVersionUID = 1L;

  public MlflowUnavailableException(String message) {
    super(message);
  }

  public MlflowUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
