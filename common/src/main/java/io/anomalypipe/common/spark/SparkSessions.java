package io.anomalypipe.common.spark;

import io.anomalypipe.common.config.SparkSettings;
import org.apache.spark.sql.SparkSession;

/** Creates the Spark session of a job, with Delta Lake enabled. */
public final class SparkSessions {

  private SparkSessions() {}

  /**
   * Gets or creates the session. Under spark-submit or on Databricks the master and most settings
   * come from the launcher; {@code settings} only add to them. The session time zone is UTC so that
   * partition dates do not depend on the machine the driver runs on.
   */
  public static SparkSession getOrCreate(String appName, SparkSettings settings) {
    SparkSession.Builder builder =
        SparkSession.builder()
            .appName(appName)
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .config("spark.sql.session.timeZone", "UTC");
    settings.master().ifPresent(builder::master);
    settings.conf().forEach(builder::config);
    return builder.getOrCreate();
  }
}
