package io.anomalypipe.gold.scoring;

/**
 * The Gold job could not load its model (not found, alias missing, checksum mismatch, other
 * features, server gone): raised before any table is created or written. The message names the
 * model URI and the cause.
 */
public final class ModelLoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ModelLoadException(String uri, RuntimeException cause) {
    super(
        "Gold scoring cannot load the model "
            + uri
            + ", so nothing was scored or written: "
            + cause.getMessage(),
        cause);
  }
}
