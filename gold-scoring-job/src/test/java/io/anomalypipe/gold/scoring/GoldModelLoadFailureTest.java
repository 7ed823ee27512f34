package io.anomalypipe.gold.scoring;

import static io.anomalypipe.gold.scoring.GoldFixture.flags;
import static io.anomalypipe.gold.scoring.GoldFixture.goldConfig;
import static io.anomalypipe.gold.scoring.GoldFixture.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.anomalypipe.common.features.EventFeatures;
import io.anomalypipe.common.mlflow.MlflowConnection;
import io.anomalypipe.common.mlflow.ModelNotFoundException;
import io.anomalypipe.common.mlflow.ModelVersion;
import io.anomalypipe.common.mlflow.model.ModelFormatException;
import io.anomalypipe.common.mlflow.model.ModelIntegrityException;
import io.anomalypipe.common.testing.ChildJvm;
import io.anomalypipe.common.testing.MlflowServerExtension;
import io.anomalypipe.common.testing.SparkTestSession;
import io.anomalypipe.gold.registry.IsolationForestFlavor;
import io.delta.tables.DeltaTable;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model that cannot be loaded stops the job before it creates or changes a Gold table or starts
 * an inference run, with a message that says what is wrong: the alias is missing, the tracking
 * server does not answer, a file's checksum differs from the one recorded, or the model takes other
 * features than the job computes.
 */
@ExtendWith(MlflowServerExtension.class)
class GoldModelLoadFailureTest {

  @RegisterExtension static final SparkTestSession SPARK = new SparkTestSession();

  @TempDir static Path dir;

  private static String experiment;
  private static List<String> baseFlags;
  private static MlflowConnection mlflow;

  @BeforeAll
  static void silver() {
    experiment = GoldFixture.unique("gold-load-failures");
    baseFlags = flags(dir, experiment, "unused");
    GoldConfig config = goldConfig(baseFlags);
    GeneratedSilver.append(
        SPARK.session(), config.silverTablePath(), GeneratedSilver.threeDays(300, 3).rows());
    mlflow = GoldFixture.mlflow(config);
  }

  @AfterAll
  static void closeMlflow() {
    mlflow.close();
  }

  @Test
  void aMissingAliasIsNamed() {
    String modelName = GoldFixture.unique("no-alias");
    GoldFixture.registerSyntheticModel(
        mlflow, experiment, modelName, EventFeatures.names(), null, 1);
    GoldConfig config = config(modelName);

    assertThatThrownBy(() -> GoldScoring.run(SPARK.session(), mlflow, config, "alias-missing"))
        .isInstanceOf(ModelLoadException.class)
        .hasCauseInstanceOf(ModelNotFoundException.class)
        .hasMessageStartingWith(
            "Gold scoring cannot load the model models:/"
                + modelName
                + "@champion, so nothing was scored or written: models:/"
                + modelName
                + "@champion: no registered model '"
                + modelName
                + "' with alias 'champion' on");
    assertNothingWritten(config);
  }

  @Test
  void aModelFileThatChangedAfterLoggingIsRefused() {
    String modelName = GoldFixture.unique("tampered");
    ModelVersion version =
        GoldFixture.registerSyntheticModel(
            mlflow, experiment, modelName, EventFeatures.names(), "champion", 2);
    var store = mlflow.artifactStore(version.source());
    byte[] forest = store.read(IsolationForestFlavor.DATA_FILE);
    forest[forest.length / 2] ^= 0x01;
    store.write(IsolationForestFlavor.DATA_FILE, forest);
    GoldConfig config = config(modelName);

    assertThatThrownBy(() -> GoldScoring.run(SPARK.session(), mlflow, config, "tampered"))
        .isInstanceOf(ModelLoadException.class)
        .hasCauseInstanceOf(ModelIntegrityException.class)
        .hasMessageContaining("Refusing to load models:/" + modelName + "@champion")
        .hasMessageContaining("the file changed after the model was logged");
    assertNothingWritten(config);
  }

  @Test
  void aModelOfOtherFeaturesIsRefusedNamingBothLists() {
    String modelName = GoldFixture.unique("other-features");
    GoldFixture.registerSyntheticModel(
        mlflow, experiment, modelName, List.of("value", "hour", "clicks"), "champion", 3);
    GoldConfig config = config(modelName);

    assertThatThrownBy(() -> GoldScoring.run(SPARK.session(), mlflow, config, "other-features"))
        .isInstanceOf(ModelLoadException.class)
        .hasCauseInstanceOf(ModelFormatException.class)
        .hasMessageContaining(
            "takes the features [value, hour, clicks] but this job computes "
                + EventFeatures.names());
    assertNothingWritten(config);
  }

  @Test
  void existingGoldTablesAreLeftAsTheyWere() {
    String modelName = GoldFixture.unique("existing-tables");
    GoldFixture.registerSyntheticModel(
        mlflow, experiment, modelName, List.of("value", "hour", "clicks"), "champion", 4);
    Path own = dir.resolve("existing");
    GoldConfig config = goldConfig(flags(own, experiment, modelName));
    GoldTables.prepare(SPARK.session(), config);
    GoldTableVersions before = GoldTableVersions.read(SPARK.session(), config);

    assertThatThrownBy(() -> GoldScoring.run(SPARK.session(), mlflow, config, "existing"))
        .isInstanceOf(ModelLoadException.class);
    assertThat(GoldTableVersions.read(SPARK.session(), config)).isEqualTo(before);
  }

  /** Through the job's main in its own JVM: the exit code and the line an operator sees. */
  @Test
  void anUnreachableTrackingServerEndsTheJobWithExitCode1() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String trackingUri = "http://127.0.0.1:" + closedPort;
    List<String> args = new ArrayList<>(with(baseFlags, "--mlflow.tracking-uri", trackingUri));
    args.addAll(List.of("--spark.master", "local[1]"));
    SparkTestSession.TEST_CONF.forEach(
        (key, value) -> args.addAll(List.of("--spark.conf." + key, value)));
    Path log = dir.resolve("unreachable.log");

    try (ChildJvm job = ChildJvm.start(GoldScoringJob.class, args, log)) {
      assertThat(job.waitFor(3, TimeUnit.MINUTES)).as("exit code; log %s", log).isEqualTo(1);
    }
    // the JSON log escapes '/'
    assertThat(Files.readString(log).replace("\\/", "/"))
        .contains(
            "gold-scoring-job failed: MLflow tracking server " + trackingUri + " is unreachable");
    assertNothingWritten(goldConfig(baseFlags));
  }

  private static GoldConfig config(String modelName) {
    return goldConfig(flags(dir, experiment, modelName));
  }

  private static void assertNothingWritten(GoldConfig config) {
    SparkSession spark = SPARK.session();
    assertThat(DeltaTable.isDeltaTable(spark, config.scoredTablePath())).isFalse();
    assertThat(DeltaTable.isDeltaTable(spark, config.predictionsTablePath())).isFalse();
    assertThat(Files.exists(Path.of(config.checkpointPath()))).isFalse();
    assertThat(
            mlflow
                .tracking()
                .searchRuns(
                    List.of(mlflow.experimentId(experiment)),
                    "tags.`" + InferenceRun.TAG_JOB + "` = 'gold-scoring'"))
        .as("inference runs")
        .isEmpty();
  }
}
