package io.anomalypipe.common.mlflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MLflow run a job logs to: params, metrics and tags in batches (within the server's limits of
 * 100 params, 100 tags and 1,000 metrics per call), artifacts through the run's artifact store,
 * then FINISHED or FAILED. Values are whatever the job passes: callers never pass secrets (the
 * connection's credentials are not reachable from here).
 */
public final class TrackedRun {
  private static final Logger LOG = LoggerFactory.getLogger(TrackedRun.class);

  /** MLflow's {@code mlflow.runName} tag: the name the UI shows. */
  public static final String RUN_NAME_TAG = "mlflow.runName";

  private static final int MAX_PARAMS_PER_BATCH = 100;
  private static final int MAX_TAGS_PER_BATCH = 100;
  private static final int MAX_METRICS_PER_BATCH = 1000;

  private final MlflowConnection mlflow;
  private final String runId;
  private final String experimentId;
  private final String artifactUri;

  private TrackedRun(MlflowConnection mlflow, RunDetails run) {
    this.mlflow = mlflow;
    this.runId = run.runId();
    this.experimentId = run.experimentId();
    this.artifactUri = run.artifactUri();
  }

  /** Starts a run in {@code experimentName} (created if missing), named {@code runName}. */
  public static TrackedRun start(MlflowConnection mlflow, String experimentName, String runName) {
    String experimentId = mlflow.experimentId(experimentName);
    String runId = mlflow.tracking().createRun(experimentId).getRunId();
    TrackedRun run = new TrackedRun(mlflow, mlflow.run(runId));
    run.tags(Map.of(RUN_NAME_TAG, runName));
    LOG.atInfo()
        .addKeyValue("mlflow_run_id", runId)
        .addKeyValue("mlflow_experiment_id", experimentId)
        .log("started MLflow run '{}' in experiment '{}'", runName, experimentName);
    return run;
  }

  public String runId() {
    return runId;
  }

  public String experimentId() {
    return experimentId;
  }

  /** Root of the run's artifacts, e.g. {@code mlflow-artifacts:/1/<run>/artifacts}. */
  public String artifactUri() {
    return artifactUri;
  }

  public void params(Map<String, ?> params) {
    List<Param> batch = new ArrayList<>();
    params.forEach(
        (key, value) ->
            batch.add(Param.newBuilder().setKey(key).setValue(String.valueOf(value)).build()));
    for (List<Param> chunk : chunks(batch, MAX_PARAMS_PER_BATCH)) {
      mlflow.tracking().logBatch(runId, List.of(), chunk, List.of());
    }
  }

  public void tags(Map<String, ?> tags) {
    List<RunTag> batch = new ArrayList<>();
    tags.forEach(
        (key, value) ->
            batch.add(RunTag.newBuilder().setKey(key).setValue(String.valueOf(value)).build()));
    for (List<RunTag> chunk : chunks(batch, MAX_TAGS_PER_BATCH)) {
      mlflow.tracking().logBatch(runId, List.of(), List.of(), chunk);
    }
  }

  /**
   * Logs each metric at step {@code step}; NaN and infinite values are skipped (MLflow rejects them
   * in some stores).
   */
  public void metrics(Map<String, ? extends Number> metrics, long step) {
    long now = System.currentTimeMillis();
    List<Metric> batch = new ArrayList<>();
    metrics.forEach(
        (key, value) -> {
          double v = value.doubleValue();
          if (Double.isFinite(v)) {
            batch.add(
                Metric.newBuilder()
                    .setKey(key)
                    .setValue(v)
                    .setTimestamp(now)
                    .setStep(step)
                    .build());
          }
        });
    for (List<Metric> chunk : chunks(batch, MAX_METRICS_PER_BATCH)) {
      mlflow.tracking().logBatch(runId, chunk, List.of(), List.of());
    }
  }

  /** Writes {@code content} to {@code path} under the run's artifacts. */
  public void artifact(String path, byte[] content) {
    mlflow.artifactStore(artifactUri).write(path, content);
  }

  public void finish() {
    mlflow.tracking().setTerminated(runId, RunStatus.FINISHED);
  }

  /**
   * Marks the run FAILED, best effort: called while another failure propagates, so a second failure
   * here is logged and swallowed rather than hiding the first.
   */
  public void failQuietly(Throwable cause) {
    try {
      tags(Map.of("anomaly_pipeline.failure", String.valueOf(cause.getMessage())));
      mlflow.tracking().setTerminated(runId, RunStatus.FAILED);
    } catch (RuntimeException e) {
      LOG.atWarn()
          .addKeyValue("mlflow_run_id", runId)
          .log("could not mark MLflow run FAILED: {}", e.getMessage());
    }
  }

  private static <T> List<List<T>> chunks(List<T> items, int size) {
    List<List<T>> chunks = new ArrayList<>();
    for (int i = 0; i < items.size(); i += size) {
      chunks.add(items.subList(i, Math.min(items.size(), i + size)));
    }
    return chunks;
  }
}
