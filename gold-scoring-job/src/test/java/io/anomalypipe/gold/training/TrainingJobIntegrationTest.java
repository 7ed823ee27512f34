package io.anomalypipe.gold.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.anomalypipe.common.config.CommandLine;
import io.anomalypipe.common.config.ConfigReader;
import io.anomalypipe.common.config.PipelineConfigLoader;
import io.anomalypipe.common.mlflow.MlflowConnection;
import io.anomalypipe.common.mlflow.RunDetails;
import io.anomalypipe.common.schema.SilverTable;
import io.anomalypipe.common.testing.ChildJvm;
import io.anomalypipe.common.testing.MlflowServerExtension;
import io.anomalypipe.common.testing.SparkTestSession;
import io.anomalypipe.gold.GeneratedSilverEvents;
import io.anomalypipe.gold.registry.IsolationForestFlavor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training job against the real MLflow server, in produce / run / verify steps: generator
 * events as a Silver table → {@link TrainingRun} → a registered, aliased version whose run carries
 * the params, metrics, histogram and model directory; the model loaded back by alias in a fresh JVM
 * scores exactly as at training; retraining the same Silver version gives the same model; a worse
 * model does not take the alias; an unreachable server stops the job with exit 1.
 */
@ExtendWith(MlflowServerExtension.class)
@TestMethodOrder(OrderAnnotation.class)
class TrainingJobIntegrationTest {

  @RegisterExtension static final SparkTestSession SPARK = new SparkTestSession();

  @TempDir static Path dir;

  private static final String MODEL_NAME =
      "training-test-" + UUID.randomUUID().toString().substring(0, 8);
  private static GeneratedSilverEvents events;
  private static MlflowConnection mlflow;
  private static TrainingRun.Result first;

  private static TrainingConfig config(String... flags) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--storage.tables-root", dir.resolve("tables").toString(),
                "--storage.checkpoints-root", dir.resolve("checkpoints").toString(),
                "--mlflow.tracking-uri", MlflowServerExtension.trackingUri(),
                "--mlflow.experiment-name", MODEL_NAME,
                "--mlflow.registered-model-name", MODEL_NAME,
                "--training.ground-truth-glob", dir.resolve("ground-truth-*.jsonl").toString()));
    args.addAll(Arrays.asList(flags));
    return TrainingConfig.fromConfig(
        ConfigReader.of(PipelineConfigLoader.load(CommandLine.parse(args.toArray(String[]::new)))));
  }

  @BeforeAll
  static void produceSilverAndTrainOnce() throws Exception {
    // produce: generator events (with labelled anomalies) as Silver holds them, and the labels
    events =
        GeneratedSilverEvents.simulate(
            "--generator.count", "20000",
            "--generator.users", "300",
            "--generator.seed", "11",
            "--generator.start-time", "2026-11-20T00:00:00Z",
            "--generator.simulated-span", "2d");
    SparkSession spark = SPARK.session();
    String silverPath = dir.resolve("tables").resolve(SilverTable.DEFINITION.name()).toString();
    SilverTable.DEFINITION.createIfNotExists(spark, silverPath);
    events.toDataset(spark).write().format("delta").mode("append").save(silverPath);
    List<String> lines = new ArrayList<>();
    events
        .anomalyKindByEventId()
        .forEach(
            (id, kind) -> lines.add("{\"event_id\":\"" + id + "\",\"kind\":\"" + kind + "\"}"));
    Files.write(dir.resolve("ground-truth-11.jsonl"), lines);

    // run
    TrainingConfig config = config();
    mlflow =
        MlflowConnection.open(
            config.mlflow(), name -> null, spark.sparkContext().hadoopConfiguration());
    first = TrainingRun.run(spark, mlflow, config, "job-run-1");
  }

  @AfterAll
  static void disconnect() {
    if (mlflow != null) {
      mlflow.close();
    }
  }

  @Test
  @Order(1)
  void theFirstVersionIsRegisteredAsChampionAndItsRunRecordsWhatItWasTrainedOn() throws Exception {
    assertThat(first.version().version()).isEqualTo(1);
    assertThat(first.promotion().promote()).isTrue();
    assertThat(first.promotion().reason()).isEqualTo("no current champion");
    assertThat(mlflow.registry().versionForAlias(MODEL_NAME, "champion").version()).isEqualTo(1);

    RunDetails run = mlflow.run(first.mlflowRunId());
    assertThat(run.status()).isEqualTo("FINISHED");
    assertThat(run.tag(TrainingRun.TAG_SILVER_VERSION))
        .contains(String.valueOf(first.silverVersion()));
    assertThat(run.tag(TrainingRun.TAG_GIT_COMMIT).orElseThrow()).matches("[0-9a-f]{40}|unknown");
    assertThat(run.tag(TrainingRun.TAG_REGISTERED_VERSION)).contains("1");
    assertThat(run.tag(TrainingRun.TAG_PROMOTED)).contains("true");

    var data = mlflow.tracking().getRun(first.mlflowRunId()).getData();
    Map<String, Double> metrics = new java.util.HashMap<>();
    data.getMetricsList().forEach(m -> metrics.put(m.getKey(), m.getValue()));
    Map<String, String> params = new java.util.HashMap<>();
    data.getParamsList().forEach(p -> params.put(p.getKey(), p.getValue()));
    assertThat(metrics.get("training_rows")).isEqualTo((double) events.rows().size());
    assertThat(metrics)
        .containsKeys(
            "training_time_ms",
            "training_score_p99",
            "pr_auc",
            "precision_at_k",
            "feature_log_value_mean",
            "roc_auc_bot_burst");
    assertThat(params)
        .containsEntry("num_trees", "100")
        .containsEntry("subsample_size", "256")
        .containsEntry("seed", "42");
    // nothing about the server or its credentials is stored with the run
    assertThat(params.keySet())
        .noneMatch(key -> key.contains("mlflow") || key.contains("password"));

    // the histogram is a real picture, the model directory has its files
    byte[] png = mlflow.artifactStore(run.artifactUri()).read(TrainingRun.HISTOGRAM_ARTIFACT);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image.getWidth()).isEqualTo(800);
    assertThat(
            mlflow.artifactStore(first.model().artifactUri()).read(IsolationForestFlavor.DATA_FILE))
        .isNotEmpty();
  }

  @Test
  @Order(2)
  void onGeneratedDataTheModelFindsTheLabelledAnomalies() {
    var quality = first.outcome().quality().orElseThrow();
    assertThat(quality.positives()).isEqualTo(events.anomalyKindByEventId().size());
    assertThat(quality.rocAuc()).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  @Order(3)
  void loadedByAliasInAFreshJvmTheModelGivesIdenticalScores() throws Exception {
    FeatureMatrix matrix = first.matrix();
    Path input = dir.resolve("matrix.bin");
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(input))) {
      out.writeInt(matrix.rowCount());
      out.writeInt(matrix.featureNames().size());
      for (double[] row : matrix.rows()) {
        for (double value : row) {
          out.writeDouble(value);
        }
      }
    }
    Path output = dir.resolve("scores.bin");
    try (ChildJvm child =
        ChildJvm.start(
            ScoreWithRegisteredModel.class,
            List.of(
                MlflowServerExtension.trackingUri(),
                "models:/" + MODEL_NAME + "@champion",
                input.toString(),
                output.toString()),
            dir.resolve("child-score.log"))) {
      assertThat(child.waitFor(3, TimeUnit.MINUTES))
          .as("exit code; log: %s", Files.readString(child.log()))
          .isZero();
    }
    double[] scores = new double[matrix.rowCount()];
    try (DataInputStream in = new DataInputStream(Files.newInputStream(output))) {
      for (int i = 0; i < scores.length; i++) {
        scores[i] = in.readDouble();
      }
    }
    assertThat(scores).containsExactly(first.outcome().trainingScores());
  }

  @Test
  @Order(4)
  void retrainingTheSameSilverVersionGivesTheSameModelAndItIsNotWorse() {
    TrainingRun.Result second = TrainingRun.run(SPARK.session(), mlflow, config(), "job-run-2");

    assertThat(second.silverVersion()).isEqualTo(first.silverVersion());
    assertThat(second.model().dataSha256()).isEqualTo(first.model().dataSha256());
    assertThat(second.version().version()).isEqualTo(2);
    assertThat(second.promotion().promote()).isTrue();
    assertThat(second.promotion().championVersion()).contains(1L);
    assertThat(second.promotion().championRocAuc())
        .contains(first.outcome().quality().get().rocAuc());
    assertThat(mlflow.registry().versionForAlias(MODEL_NAME, "champion").version()).isEqualTo(2);
  }

  @Test
  @Order(5)
  void aWorseModelIsRegisteredButDoesNotTakeTheAlias() {
    // one tree of height 1: barely better than chance
    TrainingRun.Result worse =
        TrainingRun.run(
            SPARK.session(),
            mlflow,
            config("--training.num-trees", "1", "--training.subsample-size", "2"),
            "job-run-3");

    assertThat(worse.version().version()).isEqualTo(3);
    assertThat(worse.outcome().quality().get().rocAuc())
        .isLessThan(first.outcome().quality().get().rocAuc());
    assertThat(worse.promotion().promote()).isFalse();
    assertThat(worse.promotion().reason()).contains("< champion v2");
    assertThat(mlflow.registry().versionForAlias(MODEL_NAME, "champion").version()).isEqualTo(2);
    assertThat(mlflow.run(worse.mlflowRunId()).tag(TrainingRun.TAG_PROMOTED)).contains("false");
  }

  @Test
  @Order(6)
  void anUnreachableServerStopsTheJobWithExitOneAndNothingIsRegistered() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String otherModel = MODEL_NAME + "-unreachable";
    try (ChildJvm job =
        ChildJvm.start(
            TrainingJob.class,
            List.of(
                "--storage.tables-root",
                dir.resolve("tables").toString(),
                "--spark.master",
                "local[1]",
                "--mlflow.tracking-uri",
                "http://127.0.0.1:" + closedPort,
                "--mlflow.registered-model-name",
                otherModel),
            dir.resolve("child-unreachable.log"))) {
      assertThat(job.waitFor(3, TimeUnit.MINUTES)).isEqualTo(1);
      assertThat(Files.readString(job.log()))
          .contains(
              "training-job failed: MLflow tracking server http://127.0.0.1:"
                  + closedPort
                  + " is unreachable");
    }
    assertThat(mlflow.registry().findVersion(otherModel, 1)).isEmpty();
  }
}
