package io.anomalypipe.common.mlflow;

import java.util.Optional;

/**
 * The tracking server answered a REST call with an error status other than 401, 403 and 5xx. The
 * message names the call, the server, the HTTP status and MLflow's error code and message.
 */
public final class MlflowRequestException extends MlflowException {
  private static final long serialVersionUID = 1L;

  private final int statusCode;
  private final String errorCode;

  public MlflowRequestException(int statusCode, String errorCode, String message) {
    super(message);
    this.statusCode = statusCode;
    this.errorCode = errorCode;
  }

  public int statusCode() {
    return statusCode;
  }

  /** MLflow's {@code error_code}, e.g. {@code RESOURCE_DOES_NOT_EXIST}, if the body had one. */
  public Optional<String> errorCode() {
    return Optional.ofNullable(errorCode);
  }

  /** True for HTTP 404 or {@code RESOURCE_DOES_NOT_EXIST}. */
  public boolean isNotFound() {
    return statusCode == 404 || "RESOURCE_DOES_NOT_EXIST".equals(errorCode);
  }

  /** True for {@code RESOURCE_ALREADY_EXISTS}. */
  public boolean isAlreadyExists() {
    return "RESOURCE_ALREADY_EXISTS".equals(errorCode);
  }
}
