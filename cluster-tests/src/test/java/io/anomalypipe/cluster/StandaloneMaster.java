package io.anomalypipe.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a Spark standalone master reports through its JSON API ({@code <web UI>/json/}) about the
 * applications and drivers it ran, and its workers' reports of the executors they ran.
 */
final class StandaloneMaster {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A finished application: its id, name, final state and start time. */
  record Application(String id, String name, String state, long startTime) {}

  private final String webUi;

  StandaloneMaster(String webUi) {
    this.webUi = webUi;
  }

  /** Applications the master lists as completed, started at or after {@code sinceMillis}. */
  List<Application> completedApplications(long sinceMillis) throws IOException {
    List<Application> apps = new ArrayList<>();
    for (JsonNode app : get(webUi).path("completedapps")) {
      if (app.path("starttime").asLong() >= sinceMillis) {
        apps.add(
            new Application(
                app.path("id").asText(),
                app.path("name").asText(),
                app.path("state").asText(),
                app.path("starttime").asLong()));
      }
    }
    return apps;
  }

  /** The states of the drivers (cluster deploy mode) the master lists as completed. */
  List<JsonNode> completedDrivers() throws IOException {
    List<JsonNode> drivers = new ArrayList<>();
    get(webUi).path("completeddrivers").forEach(drivers::add);
    return drivers;
  }

  /** Ids of the alive workers. */
  List<String> aliveWorkers() throws IOException {
    List<String> workers = new ArrayList<>();
    for (JsonNode worker : get(webUi).path("workers")) {
      if ("ALIVE".equals(worker.path("state").asText())) {
        workers.add(worker.path("id").asText());
      }
    }
    return workers;
  }

  /**
   * The workers (by id) that ran an executor of {@code appId}, from each worker's own JSON (its
   * finished executors).
   */
  List<String> workersThatRanExecutorsOf(String appId) throws IOException {
    List<String> workers = new ArrayList<>();
    for (JsonNode worker : get(webUi).path("workers")) {
      JsonNode own = get(worker.path("webuiaddress").asText());
      for (String list : List.of("finishedexecutors", "executors")) {
        for (JsonNode executor : own.path(list)) {
          if (appId.equals(executor.path("appid").asText())) {
            workers.add(worker.path("id").asText());
          }
        }
      }
    }
    return workers;
  }

  private static JsonNode get(String webUi) throws IOException {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(webUi.replaceAll("/+$", "") + "/json/"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException(webUi + "/json/ answered " + response.statusCode());
      }
      return JSON.readTree(response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted reading " + webUi, e);
    }
  }
}
