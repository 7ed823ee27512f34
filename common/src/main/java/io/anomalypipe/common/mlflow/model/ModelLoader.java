package io.anomalypipe.common.mlflow.model;

import io.anomalypipe.common.mlflow.MlflowConnection;
import io.anomalypipe.common.mlflow.MlflowRequestException;
import io.anomalypipe.common.mlflow.ModelNotFoundException;
import io.anomalypipe.common.mlflow.ModelVersion;
import io.anomalypipe.common.mlflow.RunDetails;
import io.anomalypipe.common.mlflow.artifacts.ArtifactNotFoundException;
import io.anomalypipe.common.mlflow.artifacts.ArtifactPaths;
import io.anomalypipe.common.mlflow.artifacts.ArtifactStore;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a model logged by {@link ModelLogger}, natively: resolves the URI (registry alias or
 * version, or run), reads {@code MLmodel} and the data file from the artifact store, and checks
 * both against the SHA-256 tags of the run that logged them. Nothing downloaded is deserialized as
 * Java objects; the data comes back as bytes for the caller's own format.
 *
 * <p>Refusals: {@link ModelIntegrityException} (a checksum differs or is missing), {@link
 * ModelNotFoundException} (no such model, version, alias, run or files), {@link
 * ModelFormatException} (not a model of the expected flavor), each naming the URI.
 */
public final class ModelLoader {

  private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);

  private final MlflowConnection connection;

  public ModelLoader(MlflowConnection connection) {
    this.connection = connection;
  }

  /** Loads the {@code flavor} model at {@code uri} (see {@link ModelUri#parse}). */
  public LoadedModel load(String uri, String flavor) {
    return load(ModelUri.parse(uri), flavor);
  }

  /** Loads the {@code flavor} model at {@code uri}. */
  public LoadedModel load(ModelUri uri, String flavor) {
    ModelReference reference = resolve(uri);
    String name = uri.toString();
    RunDetails run = run(reference.runId(), name);
    ArtifactStore store = connection.artifactStore(reference.artifactUri());

    byte[] mlmodel = read(store, MlmodelFile.FILE_NAME, name);
    verify(
        name,
        MlmodelFile.FILE_NAME,
        store,
        mlmodel,
        run,
        ModelChecksums.mlmodelTag(reference.artifactPath()));
    ModelDescriptor descriptor = MlmodelFile.parse(mlmodel, flavor, name);
    byte[] data = read(store, descriptor.dataFileName(), name);
    verify(
        name,
        descriptor.dataFileName(),
        store,
        data,
        run,
        ModelChecksums.dataTag(reference.artifactPath()));

    LOG.atInfo()
        .addKeyValue("model_uri", name)
        .addKeyValue("run_id", reference.runId())
        .addKeyValue("model_version", reference.version().orElse(null))
        .addKeyValue("model_data_sha256", descriptor.dataSha256())
        .log("loaded {} from {}", name, reference.artifactUri());
    return new LoadedModel(data, descriptor, reference);
  }

  /** Where the model's files are, and which run and registered version they belong to. */
  public ModelReference resolve(ModelUri uri) {
    if (uri instanceof ModelUri.RunArtifact runArtifact) {
      RunDetails run = run(runArtifact.runId(), uri.toString());
      return new ModelReference(
          uri.toString(),
          Optional.empty(),
          Optional.empty(),
          run.runId(),
          runArtifact.artifactPath(),
          ArtifactPaths.join(run.artifactUri(), runArtifact.artifactPath()));
    }
    ModelVersion version;
    if (uri instanceof ModelUri.Alias alias) {
      version = connection.registry().versionForAlias(alias.modelName(), alias.alias());
    } else {
      ModelUri.Version number = (ModelUri.Version) uri;
      version = connection.registry().version(number.modelName(), number.version());
    }
    return fromVersion(uri.toString(), version);
  }

  private ModelReference fromVersion(String name, ModelVersion version) {
    if (version.runId().isEmpty()) {
      throw new ModelFormatException(
          name + " (" + version.uri() + ") has no run: it was not logged by this pipeline");
    }
    RunDetails run = run(version.runId(), name);
    String source = version.source();
    String artifactPath;
    String location;
    if (source.startsWith("runs:/")) {
      ModelUri parsed = ModelUri.parse(source);
      artifactPath = ((ModelUri.RunArtifact) parsed).artifactPath();
      location = ArtifactPaths.join(run.artifactUri(), artifactPath);
    } else if (source.startsWith("models:/")) {
      throw new ModelFormatException(
          name
              + " ("
              + version.uri()
              + ") has the source "
              + source
              + ", an MLflow 3 logged model; only models logged into a run's artifacts are"
              + " supported");
    } else {
      String root = run.artifactUri().endsWith("/") ? run.artifactUri() : run.artifactUri() + "/";
      if (!source.startsWith(root)) {
        throw new ModelFormatException(
            name
                + " ("
                + version.uri()
                + ") has the source "
                + source
                + ", which is not inside the artifacts of its run "
                + run.runId()
                + " ("
                + run.artifactUri()
                + ")");
      }
      artifactPath = ArtifactPaths.normalize(source.substring(root.length()));
      location = source;
    }
    return new ModelReference(
        name,
        Optional.of(version.name()),
        Optional.of(version.version()),
        run.runId(),
        artifactPath,
        location);
  }

  private RunDetails run(String runId, String name) {
    try {
      return connection.run(runId);
    } catch (MlflowRequestException e) {
      if (e.isNotFound()) {
        throw new ModelNotFoundException(
            name + ": run " + runId + " does not exist on " + connection.endpoint().describe(), e);
      }
      throw e;
    }
  }

  private static byte[] read(ArtifactStore store, String file, String name) {
    try {
      return store.read(file);
    } catch (ArtifactNotFoundException e) {
      throw new ModelNotFoundException(
          name + ": no " + file + " in " + store.rootUri() + " (is a model logged there?)", e);
    }
  }

  private static void verify(
      String name, String file, ArtifactStore store, byte[] content, RunDetails run, String tag) {
    String actual = ModelChecksums.sha256Hex(content);
    Optional<String> expected = run.tag(tag);
    if (expected.isEmpty()) {
      throw new ModelIntegrityException(
          "Refusing to load "
              + name
              + ": run "
              + run.runId()
              + " has no checksum tag '"
              + tag
              + "' for "
              + file
              + ", so "
              + ArtifactPaths.join(store.rootUri(), file)
              + " (SHA-256 "
              + actual
              + ") cannot be verified; only models logged by this pipeline load",
          "",
          actual);
    }
    if (!expected.get().equalsIgnoreCase(actual)) {
      throw new ModelIntegrityException(
          "Refusing to load "
              + name
              + ": "
              + ArtifactPaths.join(store.rootUri(), file)
              + " has SHA-256 "
              + actual
              + " but run "
              + run.runId()
              + " recorded "
              + expected.get()
              + " (tag '"
              + tag
              + "'): the file changed after the model was logged",
          expected.get(),
          actual);
    }
  }
}
