package io.anomalypipe.common.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import scala.Option;

/** Session settings that hold for one action only, such as one MERGE of a micro-batch. */
public final class SessionSettings {
  private SessionSettings() {}

  /**
   * Sets {@code settings} in {@code spark}'s session, runs {@code action}, then gives every key its
   * old value back (or unsets it, if it had none), also when the action throws.
   */
  public static <T> T during(SparkSession spark, Map<String, String> settings, Supplier<T> action) {
    Map<String, Option<String>> previous = new LinkedHashMap<>();
    settings.keySet().forEach(key -> previous.put(key, spark.conf().getOption(key)));
    try {
      settings.forEach(spark.conf()::set);
      return action.get();
    } finally {
      previous.forEach(
          (key, value) -> {
            if (value.isDefined()) {
              spark.conf().set(key, value.get());
            } else {
              spark.conf().unset(key);
            }
          });
    }
  }
}
