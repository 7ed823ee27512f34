package io.anomalypipe.common.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * A local MLflow tracking server for tests: the one {@code bin/services start mlflow} runs (MLflow
 * 3.17.2, SQLite backend store and proxied artifacts in {@code <run>/mlflow}, {@code
 * http://127.0.0.1:${MLFLOW_PORT:-15000}}).
 *
 * <pre>
 * &#64;ExtendWith(MlflowServerExtension.class)
 * class TrainingTest {
 *   ... new MlflowClient(MlflowServerExtension.trackingUri()) ...
 * }
 * </pre>
 *
 * <p>The server is started at most once per JVM, before the first test class that uses the
 * extension; the first start of a fresh clone also installs its Python venv ({@code
 * bin/mlflow-venv}, about a minute). A server that was already running (started by hand or by CI
 * with {@code bin/services start mlflow}) is used as it is and left running; a server the tests
 * started is stopped when the last test JVM using it finishes (see {@link LocalServices}). What
 * tests log stays in the server's store: use unique experiment names.
 */
public final class MlflowServerExtension implements BeforeAllCallback {

  @Override
  public void beforeAll(ExtensionContext context) {
    context
        .getRoot()
        .getStore(Namespace.GLOBAL)
        .getOrComputeIfAbsent(
            MlflowServerExtension.class,
            key -> LocalServices.start("mlflow"),
            LocalServices.Lease.class);
  }

  /** {@code http://127.0.0.1:<port>}, the port from {@code $MLFLOW_PORT} (default 15000). */
  public static String trackingUri() {
    String port = System.getenv("MLFLOW_PORT");
    return "http://127.0.0.1:" + (port == null || port.isBlank() ? "15000" : port.strip());
  }
}
