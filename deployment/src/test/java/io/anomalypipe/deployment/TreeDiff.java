package io.anomalypipe.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Field-by-field differences between two JSON trees, one line per differing path, e.g. {@code
 * tasks[train].max_retries: expected 1, found 2}. List elements that carry a {@code task_key} or
 * {@code job_cluster_key} are named by it.
 */
final class TreeDiff {
  private TreeDiff() {}

  static List<String> differences(JsonNode expected, JsonNode actual) {
    List<String> out = new ArrayList<>();
    compare("", expected, actual, out);
    return out;
  }

  private static void compare(String path, JsonNode expected, JsonNode actual, List<String> out) {
    String here = path.isEmpty() ? "(job)" : path;
    if (expected.isObject() && actual.isObject()) {
      TreeSet<String> names = new TreeSet<>();
      expected.fieldNames().forEachRemaining(names::add);
      actual.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        String child = path.isEmpty() ? name : path + "." + name;
        if (!actual.has(name)) {
          out.add(child + ": missing (expected " + expected.get(name) + ")");
        } else if (!expected.has(name)) {
          out.add(child + ": not expected (found " + actual.get(name) + ")");
        } else {
          compare(child, expected.get(name), actual.get(name), out);
        }
      }
    } else if (expected.isArray() && actual.isArray()) {
      if (expected.size() != actual.size()) {
        out.add(here + ": expected " + expected.size() + " items, found " + actual.size());
      }
      for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
        compare(path + "[" + label(expected.get(i), i) + "]", expected.get(i), actual.get(i), out);
      }
    } else if (!expected.equals(actual)) {
      out.add(here + ": expected " + expected + ", found " + actual);
    }
  }

  private static String label(JsonNode item, int index) {
    for (String key : List.of("task_key", "job_cluster_key")) {
      if (item.path(key).isTextual()) {
        return item.get(key).asText();
      }
    }
    return Integer.toString(index);
  }

  /** Every string value in the tree with its path (keys are not included). */
  static Map<String, String> strings(JsonNode tree) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    collect("", tree, out);
    return out;
  }

  private static void collect(String path, JsonNode node, Map<String, String> out) {
    if (node.isTextual()) {
      out.put(path, node.asText());
    } else if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        collect(
            path.isEmpty() ? field.getKey() : path + "." + field.getKey(), field.getValue(), out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(path + "[" + label(node.get(i), i) + "]", node.get(i), out);
      }
    }
  }
}
