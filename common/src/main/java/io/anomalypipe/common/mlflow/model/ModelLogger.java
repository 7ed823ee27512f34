package io.anomalypipe.common.mlflow.model;

import io.anomalypipe.common.mlflow.MlflowConnection;
import io.anomalypipe.common.mlflow.artifacts.ArtifactPaths;
import io.anomalypipe.common.mlflow.artifacts.ArtifactStore;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an MLflow model directory into a run's artifacts, natively (no Python):
 *
 * <pre>
 * &lt;artifact path&gt;/
 *   &lt;data file&gt;          the model data, opaque bytes in the caller's format
 *   input_example.json   a few input rows (pandas "split" orient)
 *   MLmodel              flavor, signature, metadata (threshold, versions, data SHA-256)
 * </pre>
 *
 * and records the SHA-256 of the data and of {@code MLmodel} as run tags ({@link ModelChecksums}),
 * which {@link ModelLoader} checks. {@code MLmodel} is written after the data, and the tags last,
 * so a logging cut short leaves a directory that does not load rather than one that loads wrong.
 */
public final class ModelLogger {

  private static final Logger LOG = LoggerFactory.getLogger(ModelLogger.class);

  private final MlflowConnection connection;

  public ModelLogger(MlflowConnection connection) {
    this.connection = connection;
  }

  /** Logs {@code artifact} to the run at {@code artifactPath} (e.g. {@code model}). */
  public LoggedModel log(String runId, String artifactPath, ModelArtifact artifact) {
    String path = ArtifactPaths.normalize(artifactPath);
    String location = ArtifactPaths.join(connection.run(runId).artifactUri(), path);
    ArtifactStore store = connection.artifactStore(location);

    String dataSha256 = ModelChecksums.sha256Hex(artifact.data());
    byte[] mlmodel =
        MlmodelFile.render(
            artifact,
            runId,
            path,
            dataSha256,
            UUID.randomUUID().toString().replace("-", ""),
            Instant.now());
    String mlmodelSha256 = ModelChecksums.sha256Hex(mlmodel);

    store.write(artifact.dataFileName(), artifact.data());
    if (!artifact.inputExample().isEmpty()) {
      store.write(MlmodelFile.INPUT_EXAMPLE_FILE, MlmodelFile.renderInputExample(artifact));
    }
    store.write(MlmodelFile.FILE_NAME, mlmodel);
    connection.setRunTag(runId, ModelChecksums.dataTag(path), dataSha256);
    connection.setRunTag(runId, ModelChecksums.mlmodelTag(path), mlmodelSha256);

    LOG.atInfo()
        .addKeyValue("run_id", runId)
        .addKeyValue("model_data_sha256", dataSha256)
        .addKeyValue("model_data_bytes", artifact.data().length)
        .log("logged model '{}' to {}", artifact.flavor(), location);
    return new LoggedModel(runId, path, location, dataSha256, mlmodelSha256);
  }
}
