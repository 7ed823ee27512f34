package io.anomalypipe.gold.model;

/** Bytes that are not a valid encoded forest: wrong magic, unknown version, truncated, corrupt. */
public final class ForestFormatException extends RuntimeException {
  public ForestFormatException(String message) {
    super(message);
  }
}
