package io.anomalypipe.common.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.anomalypipe.common.mlflow.model.LoadedModel;
import io.anomalypipe.common.mlflow.model.LoggedModel;
import io.anomalypipe.common.mlflow.model.ModelArtifact;
import io.anomalypipe.common.mlflow.model.ModelLoader;
import io.anomalypipe.common.mlflow.model.ModelLogger;
import io.anomalypipe.common.testing.MlflowAuthServerExtension;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Credentials against a real MLflow server with basic auth: right ones work for tracking (the Java
 * client), artifacts (the proxy) and the registry (REST); wrong or missing ones fail at open with a
 * message naming the server and the user, never the password.
 */
class MlflowSecuredServerTest {

  /** Model version sources with a folder {@value #REJECTED} fail to register on this server. */
  private static final String REJECTED = "rejected-by-server";

  @RegisterExtension
  static final MlflowAuthServerExtension SECURED =
      new MlflowAuthServerExtension()
          .withEnvironment(
              "MLFLOW_CREATE_MODEL_VERSION_SOURCE_VALIDATION_REGEX",
              "^(?!.*/" + REJECTED + "/).*$");

  private static final String ALICE_PASSWORD = "alice-pa55word-" + System.nanoTime();

  @BeforeAll
  static void createReadOnlyUser() throws Exception {
    SECURED.createUser("alice", ALICE_PASSWORD);
  }

  private static Map<String, String> credentials(String user, String password) {
    return Map.of("MLFLOW_TRACKING_USERNAME", user, "MLFLOW_TRACKING_PASSWORD", password);
  }

  private static MlflowSettings settings() {
    return TestModels.settings(SECURED.trackingUri());
  }

  @Test
  void aWrongPasswordFailsAtOpenNamingServerAndUserButNotThePassword() {
    String wrong = "wrong-password-" + System.nanoTime();

    assertThatThrownBy(() -> MlflowConnection.open(settings(), credentials("alice", wrong)::get))
        .isInstanceOf(MlflowAuthenticationException.class)
        .hasMessage(
            "MLflow tracking server "
                + SECURED.trackingUri()
                + " rejected user 'alice' (from MLFLOW_TRACKING_USERNAME / MLFLOW_TRACKING_PASSWORD)"
                + " (HTTP 401, POST /api/2.0/mlflow/experiments/search)")
        .satisfies(e -> assertThat(((MlflowAuthenticationException) e).statusCode()).isEqualTo(401))
        .satisfies(e -> assertThat(stackTraceOf(e)).doesNotContain(wrong));
  }

  @Test
  void noCredentialsFailAtOpenSayingWhichVariablesToSet() {
    assertThatThrownBy(() -> MlflowConnection.open(settings(), name -> null))
        .isInstanceOf(MlflowAuthenticationException.class)
        .hasMessage(
            "MLflow tracking server "
                + SECURED.trackingUri()
                + " requires credentials and none were given (set the user and password variables"
                + " named by pipeline.mlflow.credentials) (HTTP 401, POST"
                + " /api/2.0/mlflow/experiments/search)");
  }

  @Test
  void rightCredentialsTrackLogRegisterAndLoadThroughTheSecuredServer() {
    try (MlflowConnection mlflow =
        MlflowConnection.open(
            settings(), credentials(SECURED.adminUsername(), SECURED.adminPassword())::get)) {
      String experimentId = mlflow.experimentId(TestModels.unique("secured"));
      String runId = mlflow.tracking().createRun(experimentId).getRunId();
      mlflow.tracking().logParam(runId, "trees", "100");
      ModelArtifact artifact = TestModels.artifact(50_000, 11);

      LoggedModel logged = new ModelLogger(mlflow).log(runId, "model", artifact);
      ModelVersion version = mlflow.registry().registerVersion("secured-model", runId, "model");
      mlflow.registry().setAlias("secured-model", "champion", version.version());
      LoadedModel loaded =
          new ModelLoader(mlflow).load("models:/secured-model@champion", TestModels.FLAVOR);

      assertThat(mlflow.tracking().getRun(runId).getData().getParamsList())
          .anySatisfy(param -> assertThat(param.getKey()).isEqualTo("trees"));
      assertThat(loaded.data()).isEqualTo(artifact.data());
      assertThat(loaded.reference().runId()).isEqualTo(runId);
      assertThat(logged.artifactUri()).startsWith("mlflow-artifacts:/");
    }
  }

  @Test
  void aFailedRegistrationLeavesNoRegisteredModelBehind() {
    try (MlflowConnection mlflow =
        MlflowConnection.open(
            settings(), credentials(SECURED.adminUsername(), SECURED.adminPassword())::get)) {
      String runId =
          mlflow.tracking().createRun(mlflow.experimentId(TestModels.unique("half"))).getRunId();
      String path = REJECTED + "/model";
      new ModelLogger(mlflow).log(runId, path, TestModels.artifact(1000, 12));
      String modelName = TestModels.unique("never-half-registered");

      assertThatThrownBy(() -> mlflow.registry().registerVersion(modelName, runId, path))
          .isInstanceOf(MlflowRequestException.class)
          .hasMessageContaining("model-versions/create")
          .hasMessageContaining("HTTP 400 INVALID_PARAMETER_VALUE: Invalid model version source");

      assertThatThrownBy(
              () ->
                  mlflow
                      .rest()
                      .getJson("/api/2.0/mlflow/registered-models/get", Map.of("name", modelName)))
          .isInstanceOf(MlflowRequestException.class)
          .satisfies(e -> assertThat(((MlflowRequestException) e).isNotFound()).isTrue());
    }
  }

  @Test
  void aUserWithoutPermissionGetsA403NamingTheCallAndTheUser() {
    String runId;
    try (MlflowConnection admin =
        MlflowConnection.open(
            settings(), credentials(SECURED.adminUsername(), SECURED.adminPassword())::get)) {
      runId =
          admin.tracking().createRun(admin.experimentId(TestModels.unique("admins"))).getRunId();
    }
    try (MlflowConnection alice =
        MlflowConnection.open(settings(), credentials("alice", ALICE_PASSWORD)::get)) {
      assertThat(alice.run(runId).runId()).isEqualTo(runId); // READ is allowed

      assertThatThrownBy(() -> alice.setRunTag(runId, "k", "v"))
          .isInstanceOf(MlflowAuthenticationException.class)
          .hasMessageStartingWith(
              "MLflow tracking server "
                  + SECURED.trackingUri()
                  + " denied POST /api/2.0/mlflow/runs/set-tag to user 'alice'"
                  + " (from MLFLOW_TRACKING_USERNAME / MLFLOW_TRACKING_PASSWORD) (HTTP 403)")
          .satisfies(e -> assertThat(stackTraceOf(e)).doesNotContain(ALICE_PASSWORD));
    }
  }

  private static String stackTraceOf(Throwable error) {
    java.io.StringWriter text = new java.io.StringWriter();
    error.printStackTrace(new java.io.PrintWriter(text));
    return text.toString();
  }
}
