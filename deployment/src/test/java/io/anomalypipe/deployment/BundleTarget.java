package io.anomalypipe.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One target of the bundle with its {@code ${...}} references resolved as {@code bundle deploy}
 * would: variables from their defaults and the target's overrides, {@code bundle.*}, and the
 * workspace values the CLI knows at deploy time, with {@code ${workspace.file_path}} standing for
 * this checkout (the bundle syncs files there under the same relative paths).
 */
final class BundleTarget {
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-\\[\\]]+)}");

  /** How {@code ${workspace.current_user.short_name}} resolves here. */
  static final String SHORT_NAME = "someone";

  final String name;
  final Map<String, String> values = new LinkedHashMap<>();

  BundleTarget(JsonNode bundle, String name) {
    JsonNode target = bundle.path("targets").path(name);
    if (!target.isObject()) {
      throw new IllegalArgumentException("no target " + name + " in databricks.yml");
    }
    this.name = name;
    values.put("bundle.name", bundle.path("bundle").path("name").asText());
    values.put("bundle.target", name);
    values.put("workspace.current_user.short_name", SHORT_NAME);
    values.put("workspace.file_path", DeploymentFiles.root().toString());
    bundle
        .path("variables")
        .fields()
        .forEachRemaining(
            v -> {
              if (v.getValue().has("default")) {
                values.put("var." + v.getKey(), v.getValue().get("default").asText());
              }
            });
    target
        .path("variables")
        .fields()
        .forEachRemaining(
            v -> {
              if (!bundle.path("variables").has(v.getKey())) {
                throw new IllegalArgumentException(
                    "target " + name + " sets variable " + v.getKey() + ", which is not declared");
              }
              JsonNode value = v.getValue().isObject() ? v.getValue().get("default") : v.getValue();
              values.put("var." + v.getKey(), value.asText());
            });
  }

  static List<String> names(JsonNode bundle) {
    List<String> names = new ArrayList<>();
    bundle.path("targets").fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** The text with every reference resolved; an unknown one fails, naming it. */
  String resolve(String text) {
    for (int depth = 0; depth < 10; depth++) {
      Matcher m = REFERENCE.matcher(text);
      if (!m.find()) {
        return text;
      }
      StringBuilder out = new StringBuilder();
      m.reset();
      while (m.find()) {
        String value = values.get(m.group(1));
        if (value == null) {
          throw new IllegalArgumentException(
              "target " + name + ": ${" + m.group(1) + "} in '" + text + "' has no value");
        }
        m.appendReplacement(out, Matcher.quoteReplacement(value));
      }
      m.appendTail(out);
      text = out.toString();
    }
    throw new IllegalArgumentException("target " + name + ": references too deep in " + text);
  }

  /** A copy of the tree with every string resolved. */
  JsonNode resolve(JsonNode node) {
    if (node.isTextual()) {
      return TextNode.valueOf(resolve(node.asText()));
    }
    if (node.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        copy.set(field.getKey(), resolve(field.getValue()));
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      node.forEach(item -> copy.add(resolve(item)));
      return copy;
    }
    return node.deepCopy();
  }
}
