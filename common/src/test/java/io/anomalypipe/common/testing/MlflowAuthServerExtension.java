package io.anomalypipe.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A second, secured MLflow 3.17.2 server for one test class: {@code mlflow server --app-name
 * basic-auth} on a free port, with its own SQLite stores, proxied artifacts and auth database in a
 * temporary folder. Unauthenticated requests get 401 ({@code /health} stays open).
 *
 * <pre>
 * &#64;RegisterExtension
 * static final MlflowAuthServerExtension SECURED = new MlflowAuthServerExtension();
 * ... SECURED.trackingUri(), SECURED.adminUsername(), SECURED.adminPassword() ...
 * </pre>
 *
 * <p>Uses the venv of {@code bin/services} ({@code <run>/mlflow-venv}, with the {@code auth} extra
 * of {@code services/mlflow/requirements.txt}); {@code bin/mlflow-venv} is run first, so a venv
 * made before that extra was added gets Flask-WTF. Start-up takes 15–30 s on a loaded 2-core
 * machine. The server and its workers are stopped after the class (SIGTERM, then SIGKILL), and the
 * folder is deleted.
 */
public final class MlflowAuthServerExtension implements BeforeAllCallback, AfterAllCallback {

  private static final String ADMIN = "admin";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private Path dir;
  private Process process;
  private int port;
  private final String adminPassword = "admin-" + UUID.randomUUID();
  private final Map<String, String> extraEnvironment = new java.util.LinkedHashMap<>();

  /**
   * Sets an environment variable of the server process, e.g. {@code
   * MLFLOW_CREATE_MODEL_VERSION_SOURCE_VALIDATION_REGEX} to make some registrations fail.
   */
  public MlflowAuthServerExtension withEnvironment(String name, String value) {
    extraEnvironment.put(name, value);
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    ensureVenv();
    dir = Files.createTempDirectory("mlflow-auth-server-");
    port = freePort();
    Path ini = dir.resolve("basic_auth.ini");
    Files.writeString(
        ini,
        String.join(
            "\n",
            "[mlflow]",
            "default_permission = READ",
            "database_uri = sqlite:///" + dir.resolve("auth.db").toAbsolutePath(),
            "admin_username = " + ADMIN,
            "admin_password = " + adminPassword,
            "authorization_function = mlflow.server.auth:authenticate_request_basic_auth",
            // without a cache every request costs 0.4-1 s of password hashing
            "auth_cache_ttl_seconds = 60",
            ""));
    Path venv = LocalServices.runDir().resolve("mlflow-venv");
    List<String> command =
        new ArrayList<>(
            List.of(
                venv.resolve("bin/mlflow").toString(),
                "server",
                "--app-name",
                "basic-auth",
                "--backend-store-uri",
                "sqlite:///" + dir.resolve("mlflow.db").toAbsolutePath(),
                "--artifacts-destination",
                dir.resolve("artifacts").toAbsolutePath().toString(),
                "--serve-artifacts",
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--workers",
                "1"));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("server.log").toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("MLFLOW_"));
    env.put("MLFLOW_AUTH_CONFIG_PATH", ini.toString());
    env.put("MLFLOW_FLASK_SERVER_SECRET_KEY", UUID.randomUUID().toString());
    env.put("MLFLOW_SERVER_ENABLE_JOB_EXECUTION", "false");
    env.put("MLFLOW_DISABLE_TELEMETRY", "true");
    env.putAll(extraEnvironment);
    process = builder.start();
    process.getOutputStream().close();
    awaitHealthy();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (process != null) {
      stop(process);
    }
    if (dir != null) {
      deleteTree(dir);
    }
  }

  /** {@code http://127.0.0.1:<port>} of this server. */
  public String trackingUri() {
    return "http://127.0.0.1:" + port;
  }

  public String adminUsername() {
    return ADMIN;
  }

  public String adminPassword() {
    return adminPassword;
  }

  /** Creates a user (default permission READ on everything) through the admin account. */
  public void createUser(String username, String password) throws Exception {
    String body =
        "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}"; // test values
    var response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(trackingUri() + "/api/2.0/mlflow/users/create"))
                .header("Content-Type", "application/json")
                .header(
                    "Authorization",
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString(
                                (ADMIN + ":" + adminPassword).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(30))
                .build(),
            BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "cannot create user "
              + username
              + ": HTTP "
              + response.statusCode()
              + " "
              + response.body());
    }
  }

  private static void ensureVenv() throws Exception {
    Path script = LocalServices.repoRoot().resolve("bin/mlflow-venv");
    Process venv =
        new ProcessBuilder("bash", script.toString())
            .directory(LocalServices.repoRoot().toFile())
            .redirectErrorStream(true)
            .start();
    venv.getOutputStream().close();
    String output = new String(venv.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!venv.waitFor(10, TimeUnit.MINUTES) || venv.exitValue() != 0) {
      throw new IllegalStateException("bin/mlflow-venv failed:\n" + output);
    }
  }

  private void awaitHealthy() throws Exception {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    HttpRequest health =
        HttpRequest.newBuilder(URI.create(trackingUri() + "/health"))
            .timeout(Duration.ofSeconds(2))
            .build();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the basic-auth MLflow server exited during start-up (exit "
                + process.exitValue()
                + "):\n"
                + logTail());
      }
      try {
        if (HTTP.send(health, BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(300);
    }
    stop(process);
    throw new IllegalStateException(
        "the basic-auth MLflow server did not answer /health within "
            + START_TIMEOUT
            + ":\n"
            + logTail());
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("server.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** SIGTERM to the server and the workers it started, SIGKILL to what is left after 20 s. */
  private static void stop(Process server) throws InterruptedException {
    List<ProcessHandle> all = new ArrayList<>(server.descendants().toList());
    all.add(server.toHandle());
    all.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    for (ProcessHandle handle : all) {
      while (handle.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
    }
    all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    server.waitFor(10, TimeUnit.SECONDS);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      paths
          .sorted(java.util.Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.deleteIfExists(path);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
