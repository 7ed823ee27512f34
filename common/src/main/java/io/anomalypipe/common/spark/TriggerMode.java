package io.anomalypipe.common.spark;

import java.time.Duration;
import org.apache.spark.sql.streaming.Trigger;

/** How a streaming job runs: drain what is available and stop, or keep running on an interval. */
public enum TriggerMode {
  /** Process everything available now (in several batches if capped), then stop: the DAG mode. */
  AVAILABLE_NOW("availableNow"),
  /** Run until stopped, one micro-batch per interval. */
  PROCESSING_TIME("processingTime");

  private final String configName;

  TriggerMode(String configName) {
    this.configName = configName;
  }

  public Trigger toTrigger(Duration interval) {
    return this == AVAILABLE_NOW
        ? Trigger.AvailableNow()
        : Trigger.ProcessingTime(interval.toMillis());
  }

  @Override
  public String toString() {
    return configName;
  }
}
