package io.anomalypipe.common.mlflow;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anomalypipe.common.mlflow.artifacts.ArtifactFile;
import io.anomalypipe.common.mlflow.artifacts.ArtifactStore;
import io.anomalypipe.common.mlflow.model.LoadedModel;
import io.anomalypipe.common.mlflow.model.LoggedModel;
import io.anomalypipe.common.mlflow.model.ModelArtifact;
import io.anomalypipe.common.mlflow.model.ModelChecksums;
import io.anomalypipe.common.mlflow.model.ModelFormatException;
import io.anomalypipe.common.mlflow.model.ModelIntegrityException;
import io.anomalypipe.common.mlflow.model.ModelLoader;
import io.anomalypipe.common.mlflow.model.ModelLogger;
import io.anomalypipe.common.mlflow.model.ModelReference;
import io.anomalypipe.common.testing.LocalServices;
import io.anomalypipe.common.testing.MlflowServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model layer against the real local MLflow 3.17.2 server: log a model directory into a run,
 * register it, alias it, load it back by the three URI forms, let MLflow's own Python client read
 * it, and refuse it once a file was changed behind the run's back.
 */
@ExtendWith(MlflowServerExtension.class)
class MlflowModelRoundTripTest {

  private static MlflowConnection mlflow;
  private static String experimentId;

  @TempDir Path tmp;

  @BeforeAll
  static void connect() {
    mlflow =
        MlflowConnection.open(
            TestModels.settings(MlflowServerExtension.trackingUri()), name -> null);
    experimentId = mlflow.experimentId(TestModels.unique("model-layer-test"));
  }

  @AfterAll
  static void disconnect() {
    mlflow.close();
  }

  private static String newRun() {
    return mlflow.tracking().createRun(experimentId).getRunId();
  }

  @Test
  void aLoggedRegisteredAliasedModelLoadsByAllThreeUriForms() {
    String runId = newRun();
    String modelName = TestModels.unique("roundtrip");
    ModelArtifact artifact = TestModels.artifact(256 * 1024, 1);

    LoggedModel logged = new ModelLogger(mlflow).log(runId, "model", artifact);
    ModelVersion version = mlflow.registry().registerVersion(modelName, runId, "model");
    mlflow.registry().setAlias(modelName, "champion", version.version());

    assertThat(logged.artifactUri())
        .isEqualTo("mlflow-artifacts:/" + experimentId + "/" + runId + "/artifacts/model");
    assertThat(logged.dataSha256()).isEqualTo(ModelChecksums.sha256Hex(artifact.data()));
    assertThat(mlflow.run(runId).tags())
        .containsEntry("anomaly_pipeline.model_data_sha256.model", logged.dataSha256())
        .containsEntry("anomaly_pipeline.mlmodel_sha256.model", logged.mlmodelSha256());
    assertThat(mlflow.artifactStore(logged.artifactUri()).list(""))
        .extracting(ArtifactFile::path)
        .containsExactlyInAnyOrder("MLmodel", "input_example.json", "model.bin");
    assertThat(version.status()).isEqualTo("READY");
    assertThat(version.version()).isEqualTo(1);
    assertThat(version.runId()).isEqualTo(runId);
    assertThat(version.source()).isEqualTo(logged.artifactUri());

    ModelLoader loader = new ModelLoader(mlflow);
    LoadedModel byAlias = loader.load("models:/" + modelName + "@champion", TestModels.FLAVOR);
    LoadedModel byVersion = loader.load("models:/" + modelName + "/1", TestModels.FLAVOR);
    LoadedModel byRun = loader.load("runs:/" + runId + "/model", TestModels.FLAVOR);

    for (LoadedModel loaded : List.of(byAlias, byVersion, byRun)) {
      assertThat(loaded.data()).isEqualTo(artifact.data());
      assertThat(loaded.descriptor().dataFileName()).isEqualTo("model.bin");
      assertThat(loaded.descriptor().signature()).isEqualTo(artifact.signature());
      assertThat(loaded.descriptor().metadataNumber("threshold")).isEqualTo(0.6125);
      assertThat(loaded.descriptor().metadata())
          .containsOnlyKeys(artifact.metadata().keySet())
          .containsEntry("smile_version", "3.1.1");
      // JSON numbers come back as the smallest fitting type: 250000L as an Integer
      assertThat(loaded.descriptor().metadataNumber("training_rows")).isEqualTo(250_000);
      assertThat(loaded.descriptor().flavorProperties())
          .containsEntry("format", "test-bytes")
          .containsEntry("format_version", 1);
      assertThat(loaded.descriptor().dataSha256()).isEqualTo(logged.dataSha256());
      assertThat(loaded.reference().runId()).isEqualTo(runId);
      assertThat(loaded.reference().artifactPath()).isEqualTo("model");
      assertThat(loaded.reference().artifactUri()).isEqualTo(logged.artifactUri());
    }
    assertThat(byAlias.reference())
        .isEqualTo(
            new ModelReference(
                "models:/" + modelName + "@champion",
                Optional.of(modelName),
                Optional.of(1L),
                runId,
                "model",
                logged.artifactUri()));
    assertThat(byVersion.reference().version()).contains(1L);
    assertThat(byRun.reference().modelName()).isEmpty();
    assertThat(byRun.reference().version()).isEmpty();
  }

  @Test
  void theChampionLookupFollowsTheAlias() {
    String modelName = TestModels.unique("champion");
    assertThat(mlflow.registry().findVersionForAlias(modelName, "champion")).isEmpty();

    String first = newRun();
    new ModelLogger(mlflow).log(first, "model", TestModels.artifact(1000, 2));
    ModelVersion v1 = mlflow.registry().registerVersion(modelName, first, "model");
    assertThat(mlflow.registry().findVersionForAlias(modelName, "champion")).isEmpty();
    mlflow.registry().setAlias(modelName, "champion", v1.version());
    assertThat(mlflow.registry().findVersionForAlias(modelName, "champion"))
        .map(ModelVersion::version)
        .contains(1L);

    String second = newRun();
    new ModelLogger(mlflow).log(second, "model", TestModels.artifact(1000, 3));
    ModelVersion v2 = mlflow.registry().registerVersion(modelName, second, "model");
    mlflow.registry().setAlias(modelName, "champion", v2.version());
    ModelVersion champion = mlflow.registry().versionForAlias(modelName, "champion");
    assertThat(champion.version()).isEqualTo(2);
    assertThat(champion.runId()).isEqualTo(second);
    assertThat(champion.aliases()).containsExactly("champion");
    assertThat(mlflow.registry().version(modelName, 1).aliases()).isEmpty();

    mlflow.registry().deleteAlias(modelName, "champion");
    assertThat(mlflow.registry().findVersionForAlias(modelName, "champion")).isEmpty();
    assertThatThrownBy(() -> mlflow.registry().versionForAlias(modelName, "champion"))
        .isInstanceOf(ModelNotFoundException.class)
        .hasMessageStartingWith(
            "models:/"
                + modelName
                + "@champion: no registered model '"
                + modelName
                + "' with alias");
  }

  @Test
  void mlflowsPythonClientReadsTheModelDirectory() throws Exception {
    String runId = newRun();
    String modelName = TestModels.unique("python-reads");
    new ModelLogger(mlflow).log(runId, "model", TestModels.artifact(4096, 4));
    ModelVersion version = mlflow.registry().registerVersion(modelName, runId, "model");
    mlflow.registry().setAlias(modelName, "champion", version.version());
    Path script = tmp.resolve("read_model.py");
    Files.writeString(
        script,
        String.join(
            "\n",
            "import json, sys",
            "import mlflow",
            "from mlflow.models import Model",
            "local = mlflow.artifacts.download_artifacts(sys.argv[1], dst_path=sys.argv[2])",
            "model = Model.load(local)",
            "example = model.load_input_example(local)",
            "print(json.dumps({",
            "  'flavors': sorted(model.flavors),",
            "  'data': model.flavors['" + TestModels.FLAVOR + "']['data'],",
            "  'inputs': [[c.name, c.type.name] for c in model.signature.inputs.inputs],",
            "  'outputs': [[c.name, c.type.name] for c in model.signature.outputs.inputs],",
            "  'threshold': model.metadata['threshold'],",
            "  'threshold_type': type(model.metadata['threshold']).__name__,",
            "  'run_id': model.run_id,",
            "  'example_columns': list(example.columns),",
            "  'example_rows': json.loads(example.to_json(orient='values')),",
            "}))",
            ""));

    JsonNode read =
        python(
            script,
            "models:/" + modelName + "@champion",
            Files.createDirectories(tmp.resolve("download")).toString());

    assertThat(read.path("flavors").toString()).isEqualTo("[\"" + TestModels.FLAVOR + "\"]");
    assertThat(read.path("data").asText()).isEqualTo("model.bin");
    assertThat(read.path("inputs").toString())
        .isEqualTo(
            "[[\"value\",\"double\"],[\"hour_of_day\",\"long\"],[\"event_type\",\"string\"]]");
    assertThat(read.path("outputs").toString()).isEqualTo("[[\"anomaly_score\",\"double\"]]");
    assertThat(read.path("threshold").asDouble()).isEqualTo(0.6125);
    assertThat(read.path("threshold_type").asText()).isEqualTo("float");
    assertThat(read.path("run_id").asText()).isEqualTo(runId);
    assertThat(read.path("example_columns").toString())
        .isEqualTo("[\"value\",\"hour_of_day\",\"event_type\"]");
    assertThat(read.path("example_rows").toString())
        .isEqualTo("[[12.5,3,\"click\"],[900.0,23,\"purchase\"]]");
  }

  @Test
  void changedModelDataIsRefusedNamingTheUriAndBothHashes() {
    String runId = newRun();
    String modelName = TestModels.unique("tampered");
    LoggedModel logged = new ModelLogger(mlflow).log(runId, "model", TestModels.artifact(8192, 5));
    ModelVersion version = mlflow.registry().registerVersion(modelName, runId, "model");
    mlflow.registry().setAlias(modelName, "champion", version.version());
    byte[] forged = TestModels.artifact(8192, 6).data();
    // overwrite the data file through the server's artifact proxy, as anyone with access could
    mlflow.artifactStore(logged.artifactUri()).write("model.bin", forged);
    String uri = "models:/" + modelName + "@champion";

    assertThatThrownBy(() -> new ModelLoader(mlflow).load(uri, TestModels.FLAVOR))
        .isInstanceOf(ModelIntegrityException.class)
        .hasMessage(
            "Refusing to load "
                + uri
                + ": "
                + logged.artifactUri()
                + "/model.bin has SHA-256 "
                + ModelChecksums.sha256Hex(forged)
                + " but run "
                + runId
                + " recorded "
                + logged.dataSha256()
                + " (tag 'anomaly_pipeline.model_data_sha256.model'): the file changed after the"
                + " model was logged")
        .satisfies(
            e -> {
              ModelIntegrityException integrity = (ModelIntegrityException) e;
              assertThat(integrity.expectedSha256()).isEqualTo(logged.dataSha256());
              assertThat(integrity.actualSha256()).isEqualTo(ModelChecksums.sha256Hex(forged));
            });
  }

  @Test
  void aChangedMlmodelIsRefusedToo() {
    String runId = newRun();
    LoggedModel logged = new ModelLogger(mlflow).log(runId, "model", TestModels.artifact(100, 7));
    ArtifactStore store = mlflow.artifactStore(logged.artifactUri());
    String mlmodel = new String(store.read("MLmodel"), UTF_8);
    assertThat(mlmodel).contains("\"threshold\" : 0.6125");
    store.write("MLmodel", mlmodel.replace("0.6125", "0.99").getBytes(UTF_8));

    assertThatThrownBy(() -> new ModelLoader(mlflow).load(logged.runsUri(), TestModels.FLAVOR))
        .isInstanceOf(ModelIntegrityException.class)
        .hasMessageContaining("Refusing to load " + logged.runsUri())
        .hasMessageContaining(logged.artifactUri() + "/MLmodel has SHA-256")
        .hasMessageContaining("recorded " + logged.mlmodelSha256());
  }

  @Test
  void filesWithoutChecksumTagsAreRefused() {
    String runId = newRun();
    LoggedModel logged = new ModelLogger(mlflow).log(runId, "model", TestModels.artifact(100, 8));
    ArtifactStore runRoot = mlflow.artifactStore(mlflow.run(runId).artifactUri());
    // the same files copied to another path of the run, with no checksum tags for that path
    for (String file : List.of("MLmodel", "model.bin")) {
      runRoot.write("copy/" + file, runRoot.read("model/" + file));
    }

    assertThatThrownBy(
            () -> new ModelLoader(mlflow).load("runs:/" + runId + "/copy", TestModels.FLAVOR))
        .isInstanceOf(ModelIntegrityException.class)
        .hasMessageContaining(
            "run " + runId + " has no checksum tag 'anomaly_pipeline.mlmodel_sha256.copy'")
        .hasMessageContaining("only models logged by this pipeline load");
    assertThat(logged.runsUri()).isEqualTo("runs:/" + runId + "/model");
  }

  @Test
  void missingModelsVersionsRunsAndFlavorsAreClearErrors() {
    String runId = newRun();
    ModelLoader loader = new ModelLoader(mlflow);
    String nobody = TestModels.unique("nobody");

    assertThatThrownBy(() -> loader.load("models:/" + nobody + "/3", TestModels.FLAVOR))
        .isInstanceOf(ModelNotFoundException.class)
        .hasMessageStartingWith(
            "models:/" + nobody + "/3: no version 3 of registered model '" + nobody + "' on http");
    assertThatThrownBy(() -> loader.load("runs:/" + runId + "/model", TestModels.FLAVOR))
        .isInstanceOf(ModelNotFoundException.class)
        .hasMessageStartingWith("runs:/" + runId + "/model: no MLmodel in mlflow-artifacts:/");
    assertThatThrownBy(
            () -> loader.load("runs:/0123456789abcdef0123456789abcdef/model", TestModels.FLAVOR))
        .isInstanceOf(ModelNotFoundException.class)
        .hasMessageContaining("run 0123456789abcdef0123456789abcdef does not exist");
    new ModelLogger(mlflow).log(runId, "model", TestModels.artifact(10, 9));
    assertThatThrownBy(() -> loader.load("runs:/" + runId + "/model", "sklearn"))
        .isInstanceOf(ModelFormatException.class)
        .hasMessage(
            "runs:/"
                + runId
                + "/model is not a 'sklearn' model (its MLmodel has flavors ["
                + TestModels.FLAVOR
                + "])");
  }

  /** Runs {@code script} with the venv's Python and MLflow; its last stdout line is JSON. */
  private JsonNode python(Path script, String... args) throws Exception {
    Path python = LocalServices.runDir().resolve("mlflow-venv/bin/python");
    List<String> command = new java.util.ArrayList<>(List.of(python.toString(), script.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectError(tmp.resolve("python.err").toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("MLFLOW_"));
    builder.environment().put("MLFLOW_TRACKING_URI", MlflowServerExtension.trackingUri());
    builder.environment().put("MLFLOW_DISABLE_TELEMETRY", "true");
    Process process = builder.start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), UTF_8).strip();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue())
        .as("python failed:\n%s", Files.readString(tmp.resolve("python.err")))
        .isZero();
    String[] lines = out.split("\n");
    return new ObjectMapper().readTree(lines[lines.length - 1]);
  }
}
