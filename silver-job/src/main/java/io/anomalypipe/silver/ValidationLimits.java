package io.anomalypipe.silver;

import java.io.Serializable;
import java.time.Duration;

/**
 * The thresholds of the validation rules that come from configuration.
 *
 * @param maxPayloadBytes longest payload accepted
 * @param valueMin smallest event value accepted
 * @param valueMax largest event value accepted
 * @param maxEventAge how far an event time may lie before its Kafka record's timestamp
 * @param maxClockSkew how far an event time may lie after its Kafka record's timestamp
 */
public record ValidationLimits(
    int maxPayloadBytes,
    double valueMin,
    double valueMax,
    Duration maxEventAge,
    Duration maxClockSkew)
    implements Serializable {

  public ValidationLimits {
    if (maxPayloadBytes <= 0) {
      throw new IllegalArgumentException("maxPayloadBytes must be positive: " + maxPayloadBytes);
    }
    if (!(valueMin < valueMax)) {
      throw new IllegalArgumentException(
          "valueMin must be below valueMax: " + valueMin + " >= " + valueMax);
    }
    if (maxEventAge.isNegative() || maxClockSkew.isNegative()) {
      throw new IllegalArgumentException("durations must not be negative");
    }
  }
}
