package io.anomalypipe.common.mlflow.artifacts;

/**
 * Relative artifact paths ({@code model/MLmodel}) and how they join an artifact root. Paths are
 * strings joined with {@code /}, never {@link java.nio.file.Path}, so that the same code serves
 * {@code mlflow-artifacts:}, {@code dbfs:/} and {@code s3a://} roots.
 */
public final class ArtifactPaths {

  private ArtifactPaths() {}

  /**
   * {@code path} with surrounding slashes removed; rejects empty paths, {@code .} and {@code ..}
   * segments, empty segments and backslashes, so that a path never leaves its root.
   */
  public static String normalize(String path) {
    if (path == null) {
      throw new IllegalArgumentException("an artifact path must not be null");
    }
    String trimmed = path.strip();
    while (trimmed.startsWith("/")) {
      trimmed = trimmed.substring(1);
    }
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("an artifact path must not be empty: '" + path + "'");
    }
    for (String segment : trimmed.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException(
            "invalid artifact path '" + path + "': empty, '.' and '..' segments are not allowed");
      }
      if (segment.contains("\\")) {
        throw new IllegalArgumentException(
            "invalid artifact path '" + path + "': use '/' as the separator");
      }
    }
    return trimmed;
  }

  /** {@code root + "/" + relative}, without doubling a slash at the join. */
  public static String join(String root, String relative) {
    String base = root;
    while (base.endsWith("/") && !base.endsWith(":/") && !base.endsWith("://")) {
      base = base.substring(0, base.length() - 1);
    }
    return base.endsWith("/") ? base + relative : base + "/" + relative;
  }
}
