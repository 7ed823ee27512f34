package io.anomalypipe.common.mlflow.model;

import io.anomalypipe.common.mlflow.RegistryNames;
import io.anomalypipe.common.mlflow.artifacts.ArtifactPaths;

/**
 * A reference to a model, in MLflow's URI forms: {@code models:/<name>@<alias>}, {@code
 * models:/<name>/<version>} or {@code runs:/<run_id>/<path>}. {@link #toString()} gives the
 * canonical URI back.
 */
public sealed interface ModelUri {

  /** Parses {@code uri}; {@link InvalidModelUriException} quoting it if it is not a valid form. */
  static ModelUri parse(String uri) {
    if (uri == null || uri.isBlank()) {
      throw new InvalidModelUriException(String.valueOf(uri), "it is empty");
    }
    String text = uri.strip();
    if (text.startsWith("models:/")) {
      return parseModels(uri, text.substring("models:/".length()));
    }
    if (text.startsWith("runs:/")) {
      return parseRuns(uri, text.substring("runs:/".length()));
    }
    throw new InvalidModelUriException(uri, "unknown scheme");
  }

  /** {@code models:/<name>@<alias>}. */
  record Alias(String modelName, String alias) implements ModelUri {
    @Override
    public String toString() {
      return "models:/" + modelName + "@" + alias;
    }
  }

  /** {@code models:/<name>/<version>}. */
  record Version(String modelName, long version) implements ModelUri {
    @Override
    public String toString() {
      return "models:/" + modelName + "/" + version;
    }
  }

  /** {@code runs:/<run_id>/<path>}. */
  record RunArtifact(String runId, String artifactPath) implements ModelUri {
    @Override
    public String toString() {
      return "runs:/" + runId + "/" + artifactPath;
    }
  }

  private static ModelUri parseModels(String uri, String rest) {
    if (rest.startsWith("/")) {
      throw new InvalidModelUriException(uri, "models:// with a registry host is not supported");
    }
    int at = rest.indexOf('@');
    if (at >= 0) {
      String name = rest.substring(0, at);
      String alias = rest.substring(at + 1);
      checkName(uri, name);
      RegistryNames.aliasProblem(alias)
          .ifPresent(
              problem -> {
                throw new InvalidModelUriException(uri, "bad alias '" + alias + "': " + problem);
              });
      return new Alias(name, alias);
    }
    String[] parts = rest.split("/", -1);
    if (parts.length != 2) {
      throw new InvalidModelUriException(
          uri, parts.length == 1 ? "no version or alias" : "too many '/' parts");
    }
    checkName(uri, parts[0]);
    if (!parts[1].matches("[0-9]{1,18}") || Long.parseLong(parts[1]) < 1) {
      throw new InvalidModelUriException(
          uri,
          "version '"
              + parts[1]
              + "' is not a positive number (stages and 'latest' are not supported; use an"
              + " alias)");
    }
    return new Version(parts[0], Long.parseLong(parts[1]));
  }

  private static ModelUri parseRuns(String uri, String rest) {
    if (rest.startsWith("/")) {
      throw new InvalidModelUriException(uri, "runs:// with a tracking host is not supported");
    }
    int slash = rest.indexOf('/');
    String runId = slash < 0 ? rest : rest.substring(0, slash);
    if (!runId.matches("[A-Za-z0-9_-]{1,256}")) {
      throw new InvalidModelUriException(uri, "run id '" + runId + "' is not valid");
    }
    if (slash < 0 || rest.substring(slash + 1).isBlank()) {
      throw new InvalidModelUriException(uri, "no artifact path after the run id");
    }
    try {
      return new RunArtifact(runId, ArtifactPaths.normalize(rest.substring(slash + 1)));
    } catch (IllegalArgumentException e) {
      throw new InvalidModelUriException(uri, e.getMessage());
    }
  }

  private static void checkName(String uri, String name) {
    RegistryNames.modelNameProblem(name)
        .ifPresent(
            problem -> {
              throw new InvalidModelUriException(uri, "bad model name '" + name + "': " + problem);
            });
  }
}
