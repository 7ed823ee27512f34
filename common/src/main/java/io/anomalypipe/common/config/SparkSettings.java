package io.anomalypipe.common.config;

import java.util.Map;
import java.util.Optional;

/** The {@code pipeline.spark} section: an optional master and extra Spark settings. */
public record SparkSettings(Optional<String> master, Map<String, String> conf) {

  public SparkSettings {
    conf = Map.copyOf(conf);
  }

  public static SparkSettings fromConfig(ConfigReader pipeline) {
    ConfigReader spark = pipeline.section("spark");
    return new SparkSettings(spark.optionalString("master"), spark.stringMap("conf"));
  }
}
