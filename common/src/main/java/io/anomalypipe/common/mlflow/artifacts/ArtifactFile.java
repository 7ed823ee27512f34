package io.anomalypipe.common.mlflow.artifacts;

/**
 * One entry of an artifact listing.
 *
 * @param path relative to the store's root, e.g. {@code model/MLmodel}
 * @param directory true for a folder
 * @param size bytes of a file, -1 if unknown or a folder
 */
public record ArtifactFile(String path, boolean directory, long size) {}
