package io.anomalypipe.common.mlflow.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import io.anomalypipe.common.mlflow.MlflowRequestException;
import io.anomalypipe.common.mlflow.MlflowRestClient;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Artifacts behind the tracking server's artifact proxy ({@code mlflow server --serve-artifacts}),
 * for {@code mlflow-artifacts:/<path>} locations: {@code PUT} and {@code GET
 * /api/2.0/mlflow-artifacts/artifacts/<path>}, listings with {@code GET
 * /api/2.0/mlflow-artifacts/artifacts?path=<path>}, with the connection's credentials.
 */
public final class ProxyArtifactStore implements ArtifactStore {

  static final String SCHEME = "mlflow-artifacts";
  private static final String API = "/api/2.0/mlflow-artifacts/artifacts";

  private final MlflowRestClient rest;
  private final String rootUri;
  private final String rootPath;

  /** A store rooted at {@code rootUri}, e.g. {@code mlflow-artifacts:/1/<run>/artifacts/model}. */
  public ProxyArtifactStore(MlflowRestClient rest, String rootUri) {
    URI uri = URI.create(rootUri);
    if (!SCHEME.equals(uri.getScheme())) {
      throw new IllegalArgumentException("not an mlflow-artifacts: URI: " + rootUri);
    }
    if (uri.getRawAuthority() != null) {
      throw new IllegalArgumentException(
          "artifact location "
              + rootUri
              + " names a host; only mlflow-artifacts:/<path> served by the tracking server"
              + " itself is supported");
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    this.rest = rest;
    this.rootUri = rootUri;
    this.rootPath = path.replaceAll("^/+", "").replaceAll("/+$", "");
  }

  @Override
  public String rootUri() {
    return rootUri;
  }

  @Override
  public void write(String path, byte[] content) {
    rest.putBytes(API + "/" + encode(serverPath(ArtifactPaths.normalize(path))), content);
  }

  @Override
  public byte[] read(String path) {
    String relative = ArtifactPaths.normalize(path);
    try {
      return rest.getBytes(API + "/" + encode(serverPath(relative)));
    } catch (MlflowRequestException e) {
      if (e.isNotFound()) {
        throw new ArtifactNotFoundException(ArtifactPaths.join(rootUri, relative), e);
      }
      throw e;
    }
  }

  @Override
  public List<ArtifactFile> list(String folder) {
    String relative = folder.isBlank() ? "" : ArtifactPaths.normalize(folder);
    String listed = relative.isEmpty() ? rootPath : serverPath(relative);
    JsonNode files = rest.getJson(API, Map.of("path", listed)).path("files");
    List<ArtifactFile> entries = new ArrayList<>();
    for (JsonNode file : files) {
      String name = file.path("path").asText();
      boolean directory = file.path("is_dir").asBoolean(false);
      entries.add(
          new ArtifactFile(
              relative.isEmpty() ? name : relative + "/" + name,
              directory,
              directory ? -1 : file.path("file_size").asLong(-1)));
    }
    return entries;
  }

  private String serverPath(String relative) {
    return rootPath.isEmpty() ? relative : rootPath + "/" + relative;
  }

  private static String encode(String path) {
    return Arrays.stream(path.split("/"))
        .map(segment -> URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"))
        .collect(Collectors.joining("/"));
  }
}
