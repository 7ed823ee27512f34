package io.anomalypipe.common.mlflow.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What to log as an MLflow model directory: the model data (opaque bytes in a format of the
 * caller's, kept in one file) and its description. This layer never looks inside the data.
 *
 * @param flavor the flavor name in {@code MLmodel}, e.g. {@code anomaly_pipeline_isolation_forest}
 * @param flavorProperties extra keys of the flavor section (format name and version, library
 *     versions...); {@code data} is set by the logger to the data file name
 * @param dataFileName the data file's name in the model directory, e.g. {@code forest.bin}
 * @param data the model data; not copied, do not change it afterwards
 * @param signature the input features (names and MLflow types, in order) and outputs
 * @param inputExample a few input rows, each with one value per input column in signature order
 * @param metadata free metadata for {@code MLmodel}'s {@code metadata} (threshold, versions...):
 *     strings, numbers, booleans, lists and maps of them
 */
public record ModelArtifact(
    String flavor,
    Map<String, Object> flavorProperties,
    String dataFileName,
    byte[] data,
    ModelSignature signature,
    List<List<Object>> inputExample,
    Map<String, Object> metadata) {

  private static final Pattern FLAVOR = Pattern.compile("[a-z][a-z0-9_]{0,99}");
  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

  public ModelArtifact {
    if (flavor == null || !FLAVOR.matcher(flavor).matches()) {
      throw new IllegalArgumentException(
          "flavor '" + flavor + "' must be lower-case letters, digits and underscores");
    }
    if (dataFileName == null
        || !FILE_NAME.matcher(dataFileName).matches()
        || MlmodelFile.RESERVED_FILES.contains(dataFileName)) {
      throw new IllegalArgumentException(
          "data file name '"
              + dataFileName
              + "' must be a plain file name (letters, digits, '.', '_', '-') other than "
              + MlmodelFile.RESERVED_FILES);
    }
    if (data == null) {
      throw new IllegalArgumentException("model data must not be null");
    }
    flavorProperties = copyChecked(flavorProperties, "flavor property");
    if (flavorProperties.containsKey(MlmodelFile.DATA_KEY)) {
      throw new IllegalArgumentException(
          "flavor property '" + MlmodelFile.DATA_KEY + "' is set by the logger");
    }
    metadata = copyChecked(metadata, "metadata");
    if (metadata.containsKey(MlmodelFile.DATA_SHA256_KEY)) {
      throw new IllegalArgumentException(
          "metadata '" + MlmodelFile.DATA_SHA256_KEY + "' is set by the logger");
    }
    int width = signature.inputs().size();
    for (List<Object> row : inputExample) {
      if (row.size() != width) {
        throw new IllegalArgumentException(
            "input example row " + row + " has " + row.size() + " values, the signature " + width);
      }
      row.forEach(value -> checkValue(value, "input example value"));
    }
    // values may be null (a missing feature value): no List.copyOf
    inputExample =
        inputExample.stream()
            .map(row -> Collections.unmodifiableList(new ArrayList<>(row)))
            .toList();
  }

  private static Map<String, Object> copyChecked(Map<String, Object> values, String what) {
    Map<String, Object> copy = new LinkedHashMap<>();
    values.forEach(
        (key, value) -> {
          checkValue(value, what + " '" + key + "'");
          copy.put(key, value);
        });
    return Collections.unmodifiableMap(copy);
  }

  /** Only what {@code MLmodel} can hold and MLflow's Python client reads back as the same value. */
  private static void checkValue(Object value, String what) {
    if (value == null
        || value instanceof String
        || value instanceof Boolean
        || value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte) {
      return;
    }
    if (value instanceof Double || value instanceof Float) {
      if (!Double.isFinite(((Number) value).doubleValue())) {
        throw new IllegalArgumentException(what + " must be a finite number, not " + value);
      }
      return;
    }
    if (value instanceof Collection<?> items) {
      items.forEach(item -> checkValue(item, what));
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach(
          (key, item) -> {
            if (!(key instanceof String)) {
              throw new IllegalArgumentException(what + " has a non-string key " + key);
            }
            checkValue(item, what);
          });
      return;
    }
    throw new IllegalArgumentException(
        what + " has a value of type " + value.getClass().getName() + ": " + value);
  }
}
