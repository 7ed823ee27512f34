package io.anomalypipe.common.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;

/**
 * Plain HTTP calls to a tracking server with the JDK's client: the REST API calls the MLflow Java
 * client lacks, and the artifact proxy. One attempt per call, no retries: a failure surfaces at
 * once as a {@link MlflowUnavailableException} (no connection, timeout, 5xx), a {@link
 * MlflowAuthenticationException} (401/403) or a {@link MlflowRequestException} (other 4xx), each
 * naming the call and the server, with credentials redacted.
 */
public final class MlflowRestClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY_IN_MESSAGE = 500;

  private final MlflowEndpoint endpoint;
  private final Duration requestTimeout;
  private final HttpClient http;

  public MlflowRestClient(
      MlflowEndpoint endpoint, Duration connectTimeout, Duration requestTimeout) {
    this.endpoint = endpoint;
    this.requestTimeout = requestTimeout;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public MlflowEndpoint endpoint() {
    return endpoint;
  }

  /** GET {@code path} (e.g. {@code /api/2.0/mlflow/runs/get}) with query parameters; JSON back. */
  public JsonNode getJson(String path, Map<String, String> query) {
    String target = query.isEmpty() ? path : path + "?" + queryString(query);
    return json("GET " + path, send("GET", target, BodyPublishers.noBody(), null));
  }

  /** POST a JSON body; JSON back. */
  public JsonNode postJson(String path, Object body) {
    return json("POST " + path, send("POST", path, jsonBody(body), "application/json"));
  }

  /** DELETE with a JSON body (how MLflow's alias deletion takes its parameters); JSON back. */
  public JsonNode deleteJson(String path, Object body) {
    return json("DELETE " + path, send("DELETE", path, jsonBody(body), "application/json"));
  }

  /** PUT raw bytes (an artifact upload through the proxy). */
  public void putBytes(String path, byte[] content) {
    send("PUT", path, BodyPublishers.ofByteArray(content), "application/octet-stream");
  }

  /** GET raw bytes (an artifact download through the proxy). */
  public byte[] getBytes(String path) {
    return send("GET", path, BodyPublishers.noBody(), null).body();
  }

  private HttpResponse<byte[]> send(
      String method, String pathAndQuery, BodyPublisher body, String contentType) {
    String call = method + " " + pathOnly(pathAndQuery);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(endpoint.host() + pathAndQuery))
            .timeout(requestTimeout)
            .method(method, body);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    endpoint.authorizationHeader().ifPresent(value -> request.header("Authorization", value));
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new MlflowUnavailableException(
          "MLflow tracking server "
              + endpoint.describe()
              + " is unreachable ("
              + call
              + "): "
              + describeCause(e),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MlflowException("interrupted while calling " + call + " on " + endpoint.describe());
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return response;
    }
    throw failure(call, status, new String(response.body(), StandardCharsets.UTF_8));
  }

  private MlflowException failure(String call, int status, String body) {
    if (status == 401) {
      String who =
          endpoint.hasCredentials()
              ? "rejected " + endpoint.credentialSource()
              : "requires credentials and none were given (set the user and password variables"
                  + " named by pipeline.mlflow.credentials)";
      return new MlflowAuthenticationException(
          status,
          "MLflow tracking server "
              + endpoint.describe()
              + " "
              + who
              + " (HTTP 401, "
              + call
              + ")");
    }
    if (status == 403) {
      return new MlflowAuthenticationException(
          status,
          "MLflow tracking server "
              + endpoint.describe()
              + " denied "
              + call
              + " to "
              + endpoint.credentialSource()
              + " (HTTP 403): "
              + abbreviate(endpoint.redact(body)));
    }
    JsonNode error = parseOrMissing(body);
    String errorCode =
        error.path("error_code").isTextual() ? error.get("error_code").asText() : null;
    String message =
        error.path("message").isTextual() ? error.get("message").asText() : abbreviate(body);
    String text =
        "MLflow "
            + call
            + " on "
            + endpoint.describe()
            + " failed: HTTP "
            + status
            + (errorCode == null ? "" : " " + errorCode)
            + (message.isBlank() ? "" : ": " + endpoint.redact(message));
    if (status >= 500) {
      return new MlflowUnavailableException(text);
    }
    return new MlflowRequestException(status, errorCode, text);
  }

  private JsonNode json(String call, HttpResponse<byte[]> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new MlflowUnavailableException(
          "MLflow "
              + call
              + " on "
              + endpoint.describe()
              + " did not answer JSON (is this an MLflow tracking server?): "
              + abbreviate(new String(response.body(), StandardCharsets.UTF_8)));
    }
  }

  private static BodyPublisher jsonBody(Object body) {
    try {
      return BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write the request body as JSON: " + body, e);
    }
  }

  private static JsonNode parseOrMissing(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      return node == null ? MissingNode.getInstance() : node;
    } catch (IOException e) {
      return MissingNode.getInstance();
    }
  }

  private static String queryString(Map<String, String> query) {
    return query.entrySet().stream()
        .map(
            entry ->
                URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static String pathOnly(String pathAndQuery) {
    int question = pathAndQuery.indexOf('?');
    return question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
  }

  /**
   * What went wrong, in words: the JDK's client often throws a bare {@code ConnectException} (no
   * message) around a {@code ClosedChannelException} or an {@code UnresolvedAddressException}.
   */
  static String describeCause(Throwable error) {
    boolean connectFailed = false;
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof HttpConnectTimeoutException) {
        return "connect timed out (pipeline.mlflow.connect-timeout)";
      }
      if (t instanceof HttpTimeoutException) {
        return "no answer in time (pipeline.mlflow.request-timeout)";
      }
      if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
        return "unknown host";
      }
      if (t instanceof SSLException) {
        return "TLS failed: " + t.getMessage();
      }
      connectFailed |= t instanceof ConnectException;
    }
    if (connectFailed) {
      return "connection refused (nothing listens there)";
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getClass().getSimpleName() + ": " + t.getMessage();
      }
    }
    return error.getClass().getSimpleName();
  }

  private static String abbreviate(String text) {
    String oneLine = text.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= MAX_BODY_IN_MESSAGE
        ? oneLine
        : oneLine.substring(0, MAX_BODY_IN_MESSAGE) + "...";
  }
}
