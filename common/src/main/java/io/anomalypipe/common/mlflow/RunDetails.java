package io.anomalypipe.common.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the model layer needs of a run, as {@code runs/get} returns it.
 *
 * @param runId the run's id
 * @param experimentId its experiment
 * @param artifactUri root of its artifacts, e.g. {@code mlflow-artifacts:/1/<run>/artifacts}
 * @param status RUNNING, FINISHED, FAILED, KILLED or SCHEDULED
 * @param tags the run's tags
 */
public record RunDetails(
    String runId,
    String experimentId,
    String artifactUri,
    String status,
    Map<String, String> tags) {

  public RunDetails {
    tags = Map.copyOf(tags);
  }

  public Optional<String> tag(String key) {
    return Optional.ofNullable(tags.get(key));
  }

  /** Parses the {@code run} object of a {@code runs/get} answer. */
  static RunDetails fromJson(JsonNode run) {
    JsonNode info = run.path("info");
    Map<String, String> tags = new LinkedHashMap<>();
    for (JsonNode tag : run.path("data").path("tags")) {
      tags.put(tag.path("key").asText(), tag.path("value").asText());
    }
    return new RunDetails(
        info.path("run_id").asText(),
        info.path("experiment_id").asText(),
        info.path("artifact_uri").asText(),
        info.path("status").asText(),
        tags);
  }
}
