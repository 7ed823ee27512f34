package io.anomalypipe.common.spark;

import io.anomalypipe.common.config.SparkSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/** Creates the Spark session of a job, with Delta Lake enabled. */
public final class SparkSessions {

  private static final Logger LOG = LoggerFactory.getLogger(SparkSessions.class);
  static final String MASTER = "spark.master";

  private SparkSessions() {}

  /**
   * Gets or creates the session. Under spark-submit the master and most settings come from the
   * launcher; {@code settings} only add to them, and where both set a key the launcher wins (see
   * {@link #profileSettingsToApply}). The session time zone is UTC so that partition dates do not
   * depend on the machine the driver runs on.
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
    Map<String, String> apply = profileSettingsToApply(settings, launcherSettings());
    apply.forEach(builder::config);
    createLocalEventLogDir(apply);
    return builder.getOrCreate();
  }

  /**
   * Spark refuses to start when event logging points at a folder that does not exist; a local one
   * (the local profile's {@code .run/spark-events}) is created. Remote ones are the cluster's.
   */
  private static void createLocalEventLogDir(Map<String, String> applied) {
    String dir = applied.get("spark.eventLog.dir");
    if (!"true".equals(applied.get("spark.eventLog.enabled")) || dir == null) {
      return;
    }
    try {
      URI uri = URI.create(dir);
      if (uri.getScheme() == null || "file".equals(uri.getScheme())) {
        Files.createDirectories(uri.getScheme() == null ? Path.of(dir) : Path.of(uri));
      }
    } catch (IOException | IllegalArgumentException e) {
      LOG.atWarn()
          .addKeyValue("error", e.toString())
          .log("cannot create the event log folder {}", dir);
    }
  }

  /**
   * The Spark settings spark-submit (or {@code spark-defaults.conf}) gave this JVM: {@code --master
   * spark://...} arrives as the system property {@code spark.master}, each {@code --conf k=v} as
   * {@code k}. A plain {@code java} launch has none.
   */
  static Map<String, String> launcherSettings() {
    Map<String, String> launcher = new TreeMap<>();
    System.getProperties()
        .stringPropertyNames()
        .forEach(
            name -> {
              if (name.startsWith("spark.")) {
                launcher.put(name, System.getProperty(name));
              }
            });
    return launcher;
  }

  /**
   * The profile's settings ({@code pipeline.spark.master} as {@code spark.master}, and {@code
   * pipeline.spark.conf}) that the session builder should set: all of them, except where the
   * launcher already set the same key. What a user typed on the spark-submit line wins over the
   * profile (a {@code local[2]} in {@code conf/local.conf} must not turn {@code --master
   * spark://host:7077} into a local run); a conflict is logged.
   */
  static Map<String, String> profileSettingsToApply(
      SparkSettings settings, Map<String, String> launcher) {
    Map<String, String> profile = new TreeMap<>(settings.conf());
    settings.master().ifPresent(master -> profile.put(MASTER, master));
    Map<String, String> apply = new TreeMap<>();
    profile.forEach(
        (key, value) -> {
          String launched = launcher.get(key);
          if (launched == null) {
            apply.put(key, value);
          } else if (!launched.equals(value)) {
            LOG.atWarn()
                .addKeyValue("spark_setting", key)
                .addKeyValue("launcher_value", launched)
                .addKeyValue("profile_value", value)
                .log("{} = {} from spark-submit wins over the profile's {}", key, launched, value);
          }
        });
    return apply;
  }
}
