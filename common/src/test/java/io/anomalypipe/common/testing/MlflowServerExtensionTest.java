package io.anomalypipe.common.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The real MLflow server through its REST API and artifact proxy, with the JDK's HTTP client. */
@ExtendWith(MlflowServerExtension.class)
class MlflowServerExtensionTest {

  private static final Path PID_FILE = LocalServices.runDir().resolve("mlflow/mlflow.pid");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  @Test
  void healthAnswersOk() throws Exception {
    HttpResponse<String> health = send(request("/health").GET());

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("OK");
  }

  @Test
  void aMetricLoggedToANewRunIsReadBack() throws Exception {
    String name = "extension-test-" + UUID.randomUUID();
    String experimentId =
        post("/api/2.0/mlflow/experiments/create", Map.of("name", name))
            .path("experiment_id")
            .asText();
    assertThat(experimentId).isNotBlank();
    long start = System.currentTimeMillis();
    JsonNode created =
        post(
            "/api/2.0/mlflow/runs/create",
            Map.of("experiment_id", experimentId, "run_name", "roundtrip", "start_time", start));
    String runId = created.path("run").path("info").path("run_id").asText();
    assertThat(runId).isNotBlank();

    post(
        "/api/2.0/mlflow/runs/log-metric",
        Map.of("run_id", runId, "key", "auc", "value", 0.875, "timestamp", start, "step", 3));

    JsonNode run =
        get("/api/2.0/mlflow/runs/get?run_id=" + URLEncoder.encode(runId, UTF_8)).path("run");
    assertThat(run.path("info").path("experiment_id").asText()).isEqualTo(experimentId);
    assertThat(run.path("info").path("status").asText()).isEqualTo("RUNNING");
    JsonNode metrics = run.path("data").path("metrics");
    assertThat(metrics.size()).as(metrics.toString()).isEqualTo(1);
    assertThat(metrics.get(0).path("key").asText()).isEqualTo("auc");
    assertThat(metrics.get(0).path("value").asDouble()).isEqualTo(0.875);
    assertThat(metrics.get(0).path("step").asLong()).isEqualTo(3);
    assertThat(metrics.get(0).path("timestamp").asLong()).isEqualTo(start);
  }

  @Test
  void anArtifactUploadedThroughTheProxyIsDownloadedByteForByte() throws Exception {
    String experimentId =
        post(
                "/api/2.0/mlflow/experiments/create",
                Map.of("name", "extension-test-" + UUID.randomUUID()))
            .path("experiment_id")
            .asText();
    JsonNode info =
        post("/api/2.0/mlflow/runs/create", Map.of("experiment_id", experimentId))
            .path("run")
            .path("info");
    String runId = info.path("run_id").asText();
    // the server proxies artifacts: a run's artifacts live under mlflow-artifacts:/<exp>/<run>/
    String artifactPath = experimentId + "/" + runId + "/artifacts";
    assertThat(info.path("artifact_uri").asText()).isEqualTo("mlflow-artifacts:/" + artifactPath);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes("héllo, MLflow ✓\n".getBytes(UTF_8));
    for (int b = 0; b < 256; b++) {
      bytes.write(b);
    }
    byte[] content = bytes.toByteArray();
    String url = "/api/2.0/mlflow-artifacts/artifacts/" + artifactPath + "/test.txt";

    HttpResponse<String> put = send(request(url).PUT(BodyPublishers.ofByteArray(content)));
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    HttpResponse<byte[]> download =
        HTTP.send(request(url).GET().build(), BodyHandlers.ofByteArray());

    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.body()).isEqualTo(content);
    JsonNode files =
        get("/api/2.0/mlflow-artifacts/artifacts?path=" + URLEncoder.encode(artifactPath, UTF_8))
            .path("files");
    assertThat(files.size()).as(files.toString()).isEqualTo(1);
    assertThat(files.get(0).path("path").asText()).isEqualTo("test.txt");
    assertThat(files.get(0).path("file_size").asLong()).isEqualTo(content.length);
  }

  @Test
  void statusReportsTheServerRunning() {
    LocalServices.Result status = LocalServices.run("status", "mlflow");

    assertThat(status.exitCode()).as(status.output()).isZero();
    assertThat(status.output()).contains("running on " + MlflowServerExtension.trackingUri());
  }

  @Test
  void startingAgainIsANoOp() throws Exception {
    String pid = Files.readString(PID_FILE).strip();

    LocalServices.Result start = LocalServices.run("start", "mlflow");

    assertThat(start.exitCode()).as(start.output()).isZero();
    assertThat(start.output())
        .contains("mlflow already running on " + MlflowServerExtension.trackingUri());
    assertThat(Files.readString(PID_FILE).strip()).isEqualTo(pid);
  }

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(MlflowServerExtension.trackingUri() + path))
        .timeout(TIMEOUT);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), BodyHandlers.ofString());
  }

  private static JsonNode post(String path, Map<String, ?> body) throws Exception {
    return json(
        send(
            request(path)
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(JSON.writeValueAsString(body)))),
        "POST " + path);
  }

  private static JsonNode get(String path) throws Exception {
    return json(send(request(path).GET()), "GET " + path);
  }

  private static JsonNode json(HttpResponse<String> response, String what) throws Exception {
    assertThat(response.statusCode()).as(what + " -> " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
