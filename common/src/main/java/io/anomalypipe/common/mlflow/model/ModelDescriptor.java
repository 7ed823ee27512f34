package io.anomalypipe.common.mlflow.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a loader reads from {@code MLmodel}.
 *
 * @param flavor the flavor that was asked for and found
 * @param dataFileName the model data file (the flavor's {@code data} key)
 * @param flavorProperties the flavor section's other keys (format, library versions...)
 * @param signature input features (names, MLflow types, in order) and outputs
 * @param metadata {@code MLmodel}'s {@code metadata}, without the checksum
 * @param dataSha256 the data checksum recorded in {@code MLmodel}
 * @param runId the run that logged the model
 * @param artifactPath the model's path within that run's artifacts
 * @param modelUuid the id given to the model directory when it was written
 * @param utcTimeCreated when it was written ({@code yyyy-MM-dd HH:mm:ss.SSSSSS}, UTC)
 */
public record ModelDescriptor(
    String flavor,
    String dataFileName,
    Map<String, Object> flavorProperties,
    ModelSignature signature,
    Map<String, Object> metadata,
    String dataSha256,
    String runId,
    String artifactPath,
    String modelUuid,
    String utcTimeCreated) {

  public ModelDescriptor {
    // kept in file order; values may be null (YAML null)
    flavorProperties = Collections.unmodifiableMap(new LinkedHashMap<>(flavorProperties));
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /** A numeric metadata entry (e.g. the threshold); {@link ModelFormatException} if absent. */
  public double metadataNumber(String key) {
    Object value = metadata.get(key);
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    throw new ModelFormatException(
        "model metadata '"
            + key
            + "' is "
            + (value == null ? "missing" : "not a number: " + value));
  }

  /** A string metadata entry, if present. */
  public Optional<String> metadataString(String key) {
    Object value = metadata.get(key);
    return value == null ? Optional.empty() : Optional.of(value.toString());
  }
}
