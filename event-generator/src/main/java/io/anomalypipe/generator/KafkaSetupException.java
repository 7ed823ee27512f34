package io.anomalypipe.generator;

/** Kafka could not be reached or the topic could not be made ready; the message says why. */
public final class KafkaSetupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KafkaSetupException(String message) {
    super(message);
  }

  public KafkaSetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
