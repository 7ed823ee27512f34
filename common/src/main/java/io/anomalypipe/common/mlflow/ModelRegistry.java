package io.anomalypipe.common.mlflow;

import io.anomalypipe.common.mlflow.artifacts.ArtifactPaths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model registry through MLflow's REST API (the Java client 2.17.2 cannot create models or
 * versions, nor touch aliases): register a run's model as a new version, move an alias to it, look
 * versions up by number or alias.
 */
public final class ModelRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);
  private static final String API = "/api/2.0/mlflow/";
  private static final Duration FIRST_POLL = Duration.ofMillis(100);
  private static final Duration MAX_POLL = Duration.ofSeconds(2);

  private final MlflowRestClient rest;
  private final Duration registrationTimeout;

  public ModelRegistry(MlflowRestClient rest, Duration registrationTimeout) {
    this.rest = rest;
    this.registrationTimeout = registrationTimeout;
  }

  /**
   * Registers the model the run logged at {@code artifactPath} (e.g. {@code model}) as a new
   * version of {@code modelName}, creating the registered model if it does not exist, and waits
   * until the version is READY. The version's source is the model's artifact URI (the run's
   * artifact root + the path), which both this layer and MLflow's Python client load directly.
   *
   * <p>If the version cannot be created or does not become READY, what this call created is deleted
   * again (best effort: a server that went away meanwhile keeps it), so that a failed registration
   * leaves no half-registered version behind.
   */
  public ModelVersion registerVersion(String modelName, String runId, String artifactPath) {
    requireValidName(modelName);
    String artifactUri =
        ArtifactPaths.join(
            RunDetails.fromJson(rest.getJson(API + "runs/get", Map.of("run_id", runId)).path("run"))
                .artifactUri(),
            ArtifactPaths.normalize(artifactPath));
    boolean createdModel = createModelIfMissing(modelName);
    ModelVersion created;
    try {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", modelName);
      body.put("source", artifactUri);
      body.put("run_id", runId);
      created =
          ModelVersion.fromJson(
              rest.postJson(API + "model-versions/create", body).path("model_version"));
    } catch (RuntimeException e) {
      if (createdModel) {
        deleteQuietly(e, "registered-models/delete", Map.of("name", modelName));
      }
      throw e;
    }
    try {
      ModelVersion ready = awaitReady(created);
      LOG.atInfo()
          .addKeyValue("model_name", modelName)
          .addKeyValue("model_version", ready.version())
          .addKeyValue("run_id", runId)
          .log("registered {} from {}", ready.uri(), artifactUri);
      return ready;
    } catch (RuntimeException e) {
      deleteQuietly(
          e,
          "model-versions/delete",
          Map.of("name", modelName, "version", Long.toString(created.version())));
      throw e;
    }
  }

  /**
   * Points {@code alias} of {@code modelName} at {@code version} (moving it if it was elsewhere).
   */
  public void setAlias(String modelName, String alias, long version) {
    requireValidName(modelName);
    requireValidAlias(alias);
    rest.postJson(
        API + "registered-models/alias",
        Map.of("name", modelName, "alias", alias, "version", Long.toString(version)));
    LOG.atInfo()
        .addKeyValue("model_name", modelName)
        .addKeyValue("model_version", version)
        .log("alias models:/{}@{} -> version {}", modelName, alias, version);
  }

  /** Removes {@code alias} from {@code modelName}; nothing happens if it is not set. */
  public void deleteAlias(String modelName, String alias) {
    try {
      rest.deleteJson(API + "registered-models/alias", Map.of("name", modelName, "alias", alias));
    } catch (MlflowRequestException e) {
      if (!isMissingAlias(e)) {
        throw e;
      }
    }
  }

  /**
   * The version {@code alias} points at, or empty if the model or the alias does not exist (the
   * current champion lookup: {@code findVersionForAlias(name, settings.alias())}).
   */
  public Optional<ModelVersion> findVersionForAlias(String modelName, String alias) {
    try {
      return Optional.of(
          ModelVersion.fromJson(
              rest.getJson(
                      API + "registered-models/alias", Map.of("name", modelName, "alias", alias))
                  .path("model_version")));
    } catch (MlflowRequestException e) {
      if (isMissingAlias(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * A missing model is 404 RESOURCE_DOES_NOT_EXIST, but MLflow 3.17 answers a missing alias of an
   * existing model with 400 INVALID_PARAMETER_VALUE "Registered model alias ... not found".
   */
  private static boolean isMissingAlias(MlflowRequestException e) {
    return e.isNotFound()
        || e.statusCode() == 400
            && e.errorCode().orElse("").equals("INVALID_PARAMETER_VALUE")
            && e.getMessage().contains("alias")
            && e.getMessage().contains("not found");
  }

  /** The version {@code alias} points at; {@link ModelNotFoundException} if there is none. */
  public ModelVersion versionForAlias(String modelName, String alias) {
    return findVersionForAlias(modelName, alias)
        .orElseThrow(
            () ->
                new ModelNotFoundException(
                    "models:/"
                        + modelName
                        + "@"
                        + alias
                        + ": no registered model '"
                        + modelName
                        + "' with alias '"
                        + alias
                        + "' on "
                        + rest.endpoint().describe()));
  }

  /** One version by number, or empty if it (or the model) does not exist. */
  public Optional<ModelVersion> findVersion(String modelName, long version) {
    try {
      return Optional.of(
          ModelVersion.fromJson(
              rest.getJson(
                      API + "model-versions/get",
                      Map.of("name", modelName, "version", Long.toString(version)))
                  .path("model_version")));
    } catch (MlflowRequestException e) {
      if (e.isNotFound()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** One version by number; {@link ModelNotFoundException} if it does not exist. */
  public ModelVersion version(String modelName, long version) {
    return findVersion(modelName, version)
        .orElseThrow(
            () ->
                new ModelNotFoundException(
                    "models:/"
                        + modelName
                        + "/"
                        + version
                        + ": no version "
                        + version
                        + " of registered model '"
                        + modelName
                        + "' on "
                        + rest.endpoint().describe()));
  }

  /** True if the registered model was created by this call. */
  private boolean createModelIfMissing(String modelName) {
    try {
      rest.postJson(API + "registered-models/create", Map.of("name", modelName));
      LOG.info("created registered model '{}'", modelName);
      return true;
    } catch (MlflowRequestException e) {
      if (e.isAlreadyExists()) {
        return false;
      }
      throw e;
    }
  }

  private ModelVersion awaitReady(ModelVersion created) {
    long deadline = System.nanoTime() + registrationTimeout.toNanos();
    Duration pause = FIRST_POLL;
    ModelVersion current = created;
    while (true) {
      switch (current.status()) {
        case "READY":
          return current;
        case "FAILED_REGISTRATION":
          throw new MlflowException(
              current.uri() + " failed to register on " + rest.endpoint().describe());
        default:
          break;
      }
      if (System.nanoTime() > deadline) {
        throw new MlflowException(
            current.uri()
                + " is still "
                + current.status()
                + " after "
                + registrationTimeout
                + " (pipeline.mlflow.registration-timeout) on "
                + rest.endpoint().describe());
      }
      sleep(pause);
      pause = pause.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : pause.multipliedBy(2);
      current = version(created.name(), created.version());
    }
  }

  private void deleteQuietly(RuntimeException failure, String call, Map<String, String> body) {
    try {
      rest.deleteJson(API + call, body);
      LOG.warn("rolled back {} {} after a failed registration", call, body);
    } catch (RuntimeException cleanup) {
      failure.addSuppressed(cleanup);
    }
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MlflowException("interrupted while waiting for a model version to become READY");
    }
  }

  private static void requireValidName(String modelName) {
    RegistryNames.modelNameProblem(modelName)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(
                  "invalid registered model name '" + modelName + "': " + problem);
            });
  }

  private static void requireValidAlias(String alias) {
    RegistryNames.aliasProblem(alias)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException("invalid alias '" + alias + "': " + problem);
            });
  }
}
