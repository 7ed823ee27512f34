package io.anomalypipe.common.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.anomalypipe.common.job.JobLauncher;
import io.anomalypipe.common.testing.ChildJvm;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No server where the tracking URI points, or something that is not MLflow: the connection fails at
 * open, before anything is created, with the URI and the cause — and a job exits non-zero.
 */
class MlflowUnreachableServerTest {

  @TempDir Path tmp;

  /** A port nothing listens on: bound once to get a free number, then closed. */
  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void aClosedPortFailsAtOpenNamingTheUriAndTheCause() throws Exception {
    String uri = "http://127.0.0.1:" + closedPort();

    assertThatThrownBy(() -> MlflowConnection.open(TestModels.settings(uri), name -> null))
        .isInstanceOf(MlflowUnavailableException.class)
        .hasMessageStartingWith(
            "MLflow tracking server "
                + uri
                + " is unreachable (POST /api/2.0/mlflow/experiments/search): connection refused"
                + " (nothing listens there)");
  }

  @Test
  void anUnknownHostFailsAtOpenNamingIt() {
    String uri = "http://mlflow.invalid:5000";

    assertThatThrownBy(() -> MlflowConnection.open(TestModels.settings(uri), name -> null))
        .isInstanceOf(MlflowUnavailableException.class)
        .hasMessage(
            "MLflow tracking server "
                + uri
                + " is unreachable (POST /api/2.0/mlflow/experiments/search): unknown host");
  }

  @Test
  void aServerThatIsNotMlflowOrIsDownBehindAProxyIsUnavailable() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          int status = exchange.getRequestURI().getPath().startsWith("/gateway") ? 503 : 404;
          byte[] body = "<html>nope</html>".getBytes();
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();

      assertThatThrownBy(() -> MlflowConnection.open(TestModels.settings(base), name -> null))
          .isInstanceOf(MlflowUnavailableException.class)
          .hasMessage(
              base
                  + " does not answer like an MLflow tracking server: MLflow POST"
                  + " /api/2.0/mlflow/experiments/search on "
                  + base
                  + " failed: HTTP 404: <html>nope</html>");
      assertThatThrownBy(
              () -> MlflowConnection.open(TestModels.settings(base + "/gateway"), name -> null))
          .isInstanceOf(MlflowUnavailableException.class)
          .hasMessageContaining("failed: HTTP 503");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aJobWhoseServerIsUnreachableExitsNonZeroWithOneClearMessage() throws Exception {
    String uri = "http://127.0.0.1:" + closedPort();
    Path log = tmp.resolve("job.log");

    int exit;
    try (ChildJvm job =
        ChildJvm.start(MlflowPreflightMain.class, List.of("--mlflow.tracking-uri", uri), log)) {
      exit = job.waitFor(120, TimeUnit.SECONDS);
    }

    String output = Files.readString(log).replace("\\/", "/"); // JSON lines escape '/'
    assertThat(exit).as(output).isEqualTo(JobLauncher.EXIT_FAILED);
    assertThat(output)
        .contains("mlflow-preflight failed: MLflow tracking server " + uri + " is unreachable")
        .doesNotContain("connected to")
        .doesNotContain("Rate limit");
  }
}
