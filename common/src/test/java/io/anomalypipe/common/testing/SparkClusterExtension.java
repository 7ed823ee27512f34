package io.anomalypipe.common.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * A Spark 3.5.7 standalone cluster on 127.0.0.1 for tests that submit the job jars the way users
 * do: {@code bin/services start spark} (a master and {@code $SPARK_WORKERS} workers, default 2,
 * from the pyspark of {@code .run/spark-venv} unless {@code SPARK_HOME} is set).
 *
 * <pre>{@code
 * @ExtendWith(SparkClusterExtension.class)
 * class MyTest { ... SparkClusterExtension.masterUrl() ... }
 * }</pre>
 *
 * Started at most once per JVM; a cluster that was already running is used and left running, one
 * the tests started is stopped by the last test JVM that used it (see {@link LocalServices}).
 */
public final class SparkClusterExtension implements BeforeAllCallback {

  @Override
  public void beforeAll(ExtensionContext context) {
    context
        .getRoot()
        .getStore(Namespace.GLOBAL)
        .getOrComputeIfAbsent(
            SparkClusterExtension.class,
            key -> LocalServices.start("spark"),
            LocalServices.Lease.class);
  }

  /** {@code spark://127.0.0.1:<port>}, the port from {@code $SPARK_MASTER_PORT} (default 17077). */
  public static String masterUrl() {
    return "spark://127.0.0.1:" + port("SPARK_MASTER_PORT", "17077");
  }

  /** The master's web UI, whose {@code /json/} lists workers, applications and drivers. */
  public static String masterWebUi() {
    return "http://127.0.0.1:" + port("SPARK_MASTER_WEBUI_PORT", "18089");
  }

  private static String port(String variable, String fallback) {
    String port = System.getenv(variable);
    return port == null || port.isBlank() ? fallback : port.strip();
  }
}
