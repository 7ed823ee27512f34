package io.anomalypipe.common.spark;

import io.anomalypipe.common.config.SparkSettings;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/** Creates the Spark session of a job, with Delta Lake enabled. */
public final class SparkSessions {

  private static final Logger LOG = LoggerFactory.getLogger(SparkSessions.class);

  private SparkSessions() {}

  /**
   * Gets or creates the session. Under spark-submit the master and most settings come from the
   * launcher; {@code settings} only add to them. The session time zone is UTC so that partition
   * dates do not depend on the machine the driver runs on.
   *
   * <p>Where a session already exists (Databricks creates it before a JAR task starts), it is used
   * as it is: only the runtime settings of {@code settings} are applied, and its catalog is left
   * alone — replacing Databricks' catalog with open-source Delta's would hide Unity Catalog.
   */
  public static SparkSession getOrCreate(String appName, SparkSettings settings) {
    Option<SparkSession> existing = SparkSession.getDefaultSession();
    if (existing.isDefined()) {
      SparkSession session = existing.get();
      session.conf().set("spark.sql.session.timeZone", "UTC");
      settings
          .conf()
          .forEach(
              (key, value) -> {
                if (session.conf().isModifiable(key)) {
                  session.conf().set(key, value);
                } else {
                  LOG.warn(
                      "{} is fixed when a Spark session starts; the existing session keeps it",
                      key);
                }
              });
      return session;
    }
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
