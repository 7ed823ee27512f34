package io.anomalypipe.common.mlflow;

import io.anomalypipe.common.mlflow.artifacts.ArtifactStore;
import io.anomalypipe.common.mlflow.artifacts.ArtifactStores;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.hadoop.conf.Configuration;
import org.mlflow.tracking.MlflowClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open, checked connection to a tracking server: the MLflow Java client for tracking (runs,
 * params, metrics), plain REST for what that client lacks (registry writes, aliases), and the
 * artifact stores — no Python anywhere.
 *
 * <p>{@link #open} makes one authenticated call first (a preflight), so that an unreachable server
 * or wrong credentials fail before anything is created, with one clear message: {@link
 * MlflowUnavailableException} naming the tracking URI and the cause, or {@link
 * MlflowAuthenticationException} naming the server and the user (never the password). It also keeps
 * the Java client from ever meeting a 401, on which it retries and logs a misleading "Rate limit
 * exceeded".
 *
 * <pre>
 * try (MlflowConnection mlflow =
 *     MlflowConnection.open(settings, System::getenv, spark.sparkContext().hadoopConfiguration())) {
 *   String experimentId = mlflow.experimentId(settings.experimentName());
 *   String runId = mlflow.tracking().createRun(experimentId).getRunId();
 *   ...
 * }
 * </pre>
 */
public final class MlflowConnection implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MlflowConnection.class);
  static final String PREFLIGHT_PATH = "/api/2.0/mlflow/experiments/search";

  private final MlflowSettings settings;
  private final MlflowRestClient rest;
  private final MlflowClient tracking;
  private final ArtifactStores artifactStores;
  private final ModelRegistry registry;

  private MlflowConnection(
      MlflowSettings settings, MlflowRestClient rest, Optional<Configuration> hadoop) {
    this.settings = settings;
    this.rest = rest;
    this.tracking = new MlflowClient(rest.endpoint().hostCreds());
    this.artifactStores = new ArtifactStores(rest, hadoop);
    this.registry = new ModelRegistry(rest, settings.registrationTimeout());
  }

  /**
   * Opens a connection without Hadoop file systems: artifacts through the server's proxy ({@code
   * mlflow-artifacts:}) and local paths only.
   */
  public static MlflowConnection open(MlflowSettings settings, UnaryOperator<String> environment) {
    return open(settings, environment, Optional.empty());
  }

  /**
   * Opens a connection whose artifact stores also reach Hadoop file systems ({@code dbfs:/}, {@code
   * s3a://}, {@code abfss://}...) with {@code hadoopConfiguration} (Spark's, normally).
   */
  public static MlflowConnection open(
      MlflowSettings settings,
      UnaryOperator<String> environment,
      Configuration hadoopConfiguration) {
    return open(settings, environment, Optional.of(hadoopConfiguration));
  }

  private static MlflowConnection open(
      MlflowSettings settings, UnaryOperator<String> environment, Optional<Configuration> hadoop) {
    MlflowEndpoint endpoint = settings.endpoint(environment);
    MlflowRestClient rest =
        new MlflowRestClient(endpoint, settings.connectTimeout(), settings.requestTimeout());
    preflight(rest);
    LOG.atInfo()
        .addKeyValue("tracking_uri", endpoint.describe())
        .addKeyValue("credentials", endpoint.credentialSource())
        .log("connected to MLflow {}", endpoint.describe());
    return new MlflowConnection(settings, rest, hadoop);
  }

  /** One authenticated read that any user may make; fails fast with a clear exception. */
  static void preflight(MlflowRestClient rest) {
    try {
      rest.postJson(PREFLIGHT_PATH, Map.of("max_results", 1));
    } catch (MlflowRequestException e) {
      throw new MlflowUnavailableException(
          rest.endpoint().describe()
              + " does not answer like an MLflow tracking server: "
              + e.getMessage(),
          e);
    }
  }

  public MlflowSettings settings() {
    return settings;
  }

  public MlflowEndpoint endpoint() {
    return rest.endpoint();
  }

  /**
   * The MLflow Java client (tracking: runs, params, metrics, tags), with this connection's creds.
   */
  public MlflowClient tracking() {
    return tracking;
  }

  /** Plain REST calls to the same server. */
  public MlflowRestClient rest() {
    return rest;
  }

  /** Registered models, versions and aliases. */
  public ModelRegistry registry() {
    return registry;
  }

  /** The store for an artifact location, chosen by its scheme (see {@link ArtifactStores}). */
  public ArtifactStore artifactStore(String artifactUri) {
    return artifactStores.forUri(artifactUri);
  }

  /** The run as the server has it now: artifact root, status, tags. */
  public RunDetails run(String runId) {
    return RunDetails.fromJson(
        rest.getJson("/api/2.0/mlflow/runs/get", Map.of("run_id", runId)).path("run"));
  }

  /** Sets a tag on a run. */
  public void setRunTag(String runId, String key, String value) {
    rest.postJson(
        "/api/2.0/mlflow/runs/set-tag", Map.of("run_id", runId, "key", key, "value", value));
  }

  /** The id of the experiment named {@code name}, created if it does not exist yet. */
  public String experimentId(String name) {
    try {
      return experimentByName(name);
    } catch (MlflowRequestException e) {
      if (!e.isNotFound()) {
        throw e;
      }
    }
    try {
      String id =
          rest.postJson("/api/2.0/mlflow/experiments/create", Map.of("name", name))
              .path("experiment_id")
              .asText();
      LOG.atInfo().addKeyValue("experiment_id", id).log("created MLflow experiment '{}'", name);
      return id;
    } catch (MlflowRequestException e) {
      if (e.isAlreadyExists()) { // created by someone else meanwhile
        return experimentByName(name);
      }
      throw e;
    }
  }

  private String experimentByName(String name) {
    return rest.getJson("/api/2.0/mlflow/experiments/get-by-name", Map.of("experiment_name", name))
        .path("experiment")
        .path("experiment_id")
        .asText();
  }

  @Override
  public void close() {
    tracking.close();
  }
}
