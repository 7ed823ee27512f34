package io.anomalypipe.bronze;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Builds the options of Spark's Kafka source for the Bronze query. Pure: no I/O. */
public final class KafkaSourceOptions {

  private KafkaSourceOptions() {}

  /**
   * The source options. Kafka client settings get the {@code kafka.} prefix the source expects;
   * secrets are read through {@code environment}. Headers are always included: Bronze keeps the
   * record whole.
   */
  public static Map<String, String> of(BronzeConfig config, UnaryOperator<String> environment) {
    Map<String, String> options = new LinkedHashMap<>();
    config
        .kafka()
        .clientProperties(environment)
        .forEach((key, value) -> options.put("kafka." + key, value));
    config.consumerOptions().forEach((key, value) -> options.put("kafka." + key, value));
    if (config.topicPattern().isPresent()) {
      options.put("subscribePattern", config.topicPattern().get());
    } else {
      options.put("subscribe", config.kafka().topic());
    }
    options.put("startingOffsets", config.startingOffsets());
    options.put("failOnDataLoss", Boolean.toString(config.failOnDataLoss()));
    options.put("includeHeaders", "true");
    if (config.maxOffsetsPerTrigger() > 0) {
      options.put("maxOffsetsPerTrigger", Long.toString(config.maxOffsetsPerTrigger()));
    }
    if (config.minPartitions() > 0) {
      options.put("minPartitions", Integer.toString(config.minPartitions()));
    }
    return options;
  }
}
