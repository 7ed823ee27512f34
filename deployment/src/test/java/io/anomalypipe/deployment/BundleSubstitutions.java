package io.anomalypipe.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The bundle's job resource as it must be, derived from the job JSON by the substitutions listed at
 * the top of {@code resources/anomaly-pipeline.job.yml} and nothing else. The bundle test compares
 * the resource with this field by field, so the two files cannot drift apart.
 */
final class BundleSubstitutions {

  /** Text replaced in every string of the job: what the bundle makes a variable per target. */
  static final List<Map.Entry<String, String>> TEXT =
      List.of(
          Map.entry("anomaly-pipeline-isolation-forest", "${var.registered_model}"),
          Map.entry("/Shared/anomaly-pipeline", "${var.experiment}"));

  /** Parameters every bundle task gets after the JSON's: each target's own data and model. */
  static final List<String> EXTRA_PARAMETERS =
      List.of(
          "--storage.tables-root",
          "/Volumes/${var.catalog}/${var.schema}/data/tables",
          "--storage.checkpoints-root",
          "/Volumes/${var.catalog}/${var.schema}/data/checkpoints",
          "--mlflow.experiment-name",
          "${var.experiment}",
          "--mlflow.registered-model-name",
          "${var.registered_model}");

  /** Where {@code bundle deploy} syncs {@code conf/} (databricks.yml: sync.paths). */
  static final String SYNCED_CONF = "${workspace.file_path}/conf/";

  private BundleSubstitutions() {}

  static JsonNode expectedBundleJob(JsonNode jsonJob) {
    JsonNode job = replaceText(jsonJob);
    for (JsonNode task : job.path("tasks")) {
      for (JsonNode library : task.path("libraries")) {
        if (library.path("jar").isTextual()) {
          ((ObjectNode) library).put("jar", localJar(library.get("jar").asText()));
        }
      }
      JsonNode parameters = task.path("spark_jar_task").path("parameters");
      if (parameters.isArray()) {
        ArrayNode list = (ArrayNode) parameters;
        for (int i = 0; i + 1 < list.size(); i++) {
          if (list.get(i).asText().equals("--config")) {
            list.set(i + 1, TextNode.valueOf(SYNCED_CONF + fileName(list.get(i + 1).asText())));
          }
        }
        EXTRA_PARAMETERS.forEach(list::add);
      }
    }
    return job;
  }

  /** A jar on the jars volume → the same file in its module's target/, relative to resources/. */
  static String localJar(String volumePath) {
    return ShadedJar.named(volumePath)
        .map(jar -> "../" + jar.module() + "/target/" + jar.fileName())
        .orElse(volumePath);
  }

  private static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static JsonNode replaceText(JsonNode node) {
    if (node.isTextual()) {
      String text = node.asText();
      for (Map.Entry<String, String> replacement : TEXT) {
        text = text.replace(replacement.getKey(), replacement.getValue());
      }
      return TextNode.valueOf(text);
    }
    if (node.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        copy.set(field.getKey(), replaceText(field.getValue()));
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      node.forEach(item -> copy.add(replaceText(item)));
      return copy;
    }
    return node.deepCopy();
  }
}
