package io.anomalypipe.common.mlflow.artifacts;

import io.anomalypipe.common.mlflow.MlflowRestClient;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * Chooses the {@link ArtifactStore} for an artifact location by its scheme:
 *
 * <ul>
 *   <li>{@code mlflow-artifacts:} — the tracking server's artifact proxy, over HTTP;
 *   <li>{@code file:} or a plain absolute path — the local file system;
 *   <li>any other scheme ({@code dbfs}, {@code s3a}, {@code abfss}, {@code gs}, {@code hdfs}...) —
 *       a Hadoop file system, if a Hadoop configuration was given.
 * </ul>
 */
public final class ArtifactStores {

  private final MlflowRestClient rest;
  private final Optional<Configuration> hadoop;

  public ArtifactStores(MlflowRestClient rest, Optional<Configuration> hadoop) {
    this.rest = rest;
    this.hadoop = hadoop;
  }

  /** The store for {@code artifactUri}; {@link IllegalArgumentException} if none fits. */
  public ArtifactStore forUri(String artifactUri) {
    String scheme = schemeOf(artifactUri);
    switch (scheme) {
      case ProxyArtifactStore.SCHEME:
        return new ProxyArtifactStore(rest, artifactUri);
      case "":
      case "file":
        return new LocalArtifactStore(artifactUri);
      case "runs":
      case "models":
        throw new IllegalArgumentException(
            artifactUri + " is a model reference, not a storage location: resolve it first");
      case "http":
      case "https":
        throw new IllegalArgumentException(
            "artifact location " + artifactUri + ": plain HTTP artifact stores are not supported");
      default:
        return new HadoopArtifactStore(
            artifactUri,
            hadoop.orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "artifact location "
                            + artifactUri
                            + " needs a Hadoop file system: open the MLflow connection with"
                            + " Spark's Hadoop configuration")));
    }
  }

  private static String schemeOf(String artifactUri) {
    if (artifactUri.startsWith("/")) {
      return "";
    }
    try {
      String scheme = new URI(artifactUri).getScheme();
      return scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a valid artifact location: " + artifactUri, e);
    }
  }
}
