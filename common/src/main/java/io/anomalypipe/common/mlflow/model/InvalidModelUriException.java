package io.anomalypipe.common.mlflow.model;

/** A model URI that is not one of the accepted forms; the message quotes the value. */
public final class InvalidModelUriException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidModelUriException(String uri, String problem) {
    super(
        "Invalid model URI '"
            + uri
            + "': "
            + problem
            + " (expected models:/<name>@<alias>, models:/<name>/<version> or"
            + " runs:/<run_id>/<path>)");
  }
}
