package io.anomalypipe.common.observability;

import io.anomalypipe.common.config.ConfigReader;
import io.anomalypipe.common.config.StorageLayout;
import java.time.Duration;

/**
 * The {@code pipeline.observability} section: whether a job run writes its metrics tables, how
 * often while it runs, and where (the tables root of {@code pipeline.storage}).
 *
 * @param enabled write {@code pipeline_metrics}, {@code task_metrics} and {@code benchmark_logs};
 *     false: the JSON log lines only
 * @param flushInterval how often buffered rows are appended while the job runs (a processingTime
 *     query runs for days); they are always appended when the run ends
 */
public record ObservabilitySettings(
    boolean enabled, Duration flushInterval, StorageLayout storage) {

  public static ObservabilitySettings fromConfig(ConfigReader pipeline) {
    ConfigReader observability = pipeline.section("observability");
    return new ObservabilitySettings(
        observability.bool("enabled"),
        observability.positiveDuration("flush-interval"),
        StorageLayout.fromConfig(pipeline));
  }
}
