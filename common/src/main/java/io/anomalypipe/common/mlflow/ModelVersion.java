package io.anomalypipe.common.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One version of a registered model, as the registry returns it.
 *
 * @param name the registered model
 * @param version its number (1, 2, ...)
 * @param runId the run that produced it
 * @param source where its files are: an artifact URI ({@code mlflow-artifacts:/...}, {@code
 *     dbfs:/...}) or a {@code runs:/<run>/<path>} URI
 * @param status READY, PENDING_REGISTRATION or FAILED_REGISTRATION
 * @param aliases the aliases pointing at it (when the server lists them)
 */
public record ModelVersion(
    String name, long version, String runId, String source, String status, List<String> aliases) {

  public ModelVersion {
    aliases = List.copyOf(aliases);
  }

  /** {@code models:/<name>/<version>}. */
  public String uri() {
    return "models:/" + name + "/" + version;
  }

  /** Parses a {@code model_version} object. */
  static ModelVersion fromJson(JsonNode node) {
    List<String> aliases = new ArrayList<>();
    node.path("aliases").forEach(alias -> aliases.add(alias.asText()));
    return new ModelVersion(
        node.path("name").asText(),
        Long.parseLong(node.path("version").asText("0")),
        node.path("run_id").asText(""),
        node.path("source").asText(""),
        node.path("status").asText(""),
        aliases);
  }
}
