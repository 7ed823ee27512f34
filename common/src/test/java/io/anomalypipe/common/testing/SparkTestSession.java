package io.anomalypipe.common.testing;

import io.anomalypipe.common.config.SparkSettings;
import io.anomalypipe.common.spark.SparkSessions;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One local Spark session per test class, created the way the jobs create theirs ({@link
 * SparkSessions}) but small: {@code local[2]}, two shuffle partitions, no UI.
 *
 * <pre>
 * &#64;RegisterExtension static final SparkTestSession SPARK = new SparkTestSession();
 * ... SPARK.session() ...
 * </pre>
 */
public final class SparkTestSession implements BeforeAllCallback, AfterAllCallback {

  /** The settings tests run Spark with; child JVMs started by tests use them too. */
  public static final Map<String, String> TEST_CONF =
      Map.of(
          "spark.sql.shuffle.partitions", "2",
          "spark.ui.enabled", "false",
          "spark.ui.showConsoleProgress", "false",
          "spark.sql.streaming.stateStore.maintenanceInterval", "600s",
          "spark.databricks.delta.snapshotPartitions", "2",
          "spark.driver.host", "127.0.0.1",
          "spark.driver.bindAddress", "127.0.0.1");

  private SparkSession session;

  @Override
  public void beforeAll(ExtensionContext context) {
    session =
        SparkSessions.getOrCreate(
            context.getRequiredTestClass().getSimpleName(),
            new SparkSettings(Optional.of("local[2]"), TEST_CONF));
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (session != null) {
      // a test that failed mid-stream must not leave a query running into the next class
      for (var query : session.streams().active()) {
        query.stop();
      }
      session.stop();
      SparkSession.clearActiveSession();
      SparkSession.clearDefaultSession();
    }
  }

  public SparkSession session() {
    if (session == null) {
      throw new IllegalStateException("SparkTestSession is used before its beforeAll ran");
    }
    return session;
  }
}
