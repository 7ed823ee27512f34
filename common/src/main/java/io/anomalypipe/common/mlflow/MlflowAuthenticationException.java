package io.anomalypipe.common.mlflow;

/**
 * The tracking server refused the credentials (HTTP 401) or the permission (HTTP 403). The message
 * names the server, the user or token variable, and the environment variables to check — never a
 * password or token.
 */
public final class MlflowAuthenticationException extends MlflowException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;

  public MlflowAuthenticationException(int statusCode, String message) {
    super(message);
    this.statusCode = statusCode;
  }

  /** 401 (not authenticated) or 403 (not allowed). */
  public int statusCode() {
    return statusCode;
  }
}
