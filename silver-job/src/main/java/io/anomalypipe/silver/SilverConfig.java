package io.anomalypipe.silver;

import io.anomalypipe.common.config.ConfigReader;
import io.anomalypipe.common.config.InvalidConfigException;
import io.anomalypipe.common.config.SparkSettings;
import io.anomalypipe.common.config.StorageLayout;
import io.anomalypipe.common.schema.Tables;
import io.anomalypipe.common.spark.TriggerMode;
import java.time.Duration;

/** Everything the Silver job reads from configuration, validated once at start-up. */
public record SilverConfig(
    StorageLayout storage,
    SparkSettings spark,
    TriggerMode trigger,
    Duration triggerInterval,
    long maxFilesPerTrigger,
    long maxBytesPerTrigger,
    ValidationLimits limits) {

  /** Name of the streaming query and of its checkpoint folder. */
  public static final String QUERY_NAME = Tables.SILVER_EVENTS;

  /** Larger than Kafka's default maximum message size (1 MB) many times over: surely a mistake. */
  static final int MAX_PAYLOAD_BYTES_LIMIT = 64 * 1024 * 1024;

  public static SilverConfig fromConfig(ConfigReader pipeline) {
    ConfigReader silver = pipeline.section("silver");
    double valueMin = silver.doubleInRange("value-min", -Double.MAX_VALUE, Double.MAX_VALUE);
    double valueMax = silver.doubleInRange("value-max", -Double.MAX_VALUE, Double.MAX_VALUE);
    if (!(valueMin < valueMax)) {
      throw new InvalidConfigException(
          silver.fullKey("value-max"), valueMax, "must be above value-min (" + valueMin + ")");
    }
    return new SilverConfig(
        StorageLayout.fromConfig(pipeline),
        SparkSettings.fromConfig(pipeline),
        silver.oneOf("trigger", TriggerMode.class),
        silver.positiveDuration("trigger-interval"),
        silver.longAtLeast("max-files-per-trigger", 0),
        silver.longAtLeast("max-bytes-per-trigger", 0),
        new ValidationLimits(
            silver.intInRange("max-payload-bytes", 1, MAX_PAYLOAD_BYTES_LIMIT),
            valueMin,
            valueMax,
            silver.positiveDuration("max-event-age"),
            silver.positiveDuration("max-clock-skew")));
  }

  public String bronzeTablePath() {
    return storage.bronzeTable();
  }

  public String silverTablePath() {
    return storage.tablePath(Tables.SILVER_EVENTS);
  }

  public String quarantineTablePath() {
    return storage.tablePath(Tables.SILVER_QUARANTINE);
  }

  public String auditTablePath() {
    return storage.tablePath(Tables.SILVER_BATCH_AUDIT);
  }

  public String checkpointPath() {
    return storage.checkpointPath(QUERY_NAME);
  }
}
