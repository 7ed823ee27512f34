package io.anomalypipe.common.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.anomalypipe.common.config.CommandLine;
import io.anomalypipe.common.config.ConfigReader;
import io.anomalypipe.common.config.InvalidConfigException;
import io.anomalypipe.common.config.PipelineConfigLoader;
import io.anomalypipe.common.testing.LocalServices;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MlflowSettingsTest {

  private static MlflowSettings settings(String... flags) {
    return MlflowSettings.fromConfig(
        ConfigReader.of(PipelineConfigLoader.load(CommandLine.parse(flags))));
  }

  @Test
  void defaultsPointAtTheLocalServerWithTheChampionAlias() {
    MlflowSettings settings = settings();

    assertThat(settings)
        .isEqualTo(
            new MlflowSettings(
                "http://127.0.0.1:15000",
                "anomaly-pipeline",
                "anomaly-pipeline-isolation-forest",
                "champion",
                "MLFLOW_TRACKING_USERNAME",
                "MLFLOW_TRACKING_PASSWORD",
                "DATABRICKS_HOST",
                "DATABRICKS_TOKEN",
                Duration.ofSeconds(10),
                Duration.ofSeconds(60),
                Duration.ofMinutes(5)));
    MlflowEndpoint endpoint = settings.endpoint(name -> null);
    assertThat(endpoint.host()).isEqualTo(URI.create("http://127.0.0.1:15000"));
    assertThat(endpoint.hasCredentials()).isFalse();
    assertThat(endpoint.authorizationHeader()).isEmpty();
  }

  @Test
  void theDatabricksProfileReadsHostAndTokenFromTheEnvironment() {
    Path profile = LocalServices.repoRoot().resolve("conf/databricks.conf");
    MlflowSettings settings = settings("--config", profile.toString());
    Map<String, String> env =
        Map.of(
            "DATABRICKS_HOST", "adb-1.2.azuredatabricks.net/", "DATABRICKS_TOKEN", "dapi-s3cret");

    MlflowEndpoint endpoint = settings.endpoint(env::get);

    assertThat(settings.isDatabricks()).isTrue();
    assertThat(settings.experimentName()).isEqualTo("/Shared/anomaly-pipeline");
    assertThat(endpoint.host()).isEqualTo(URI.create("https://adb-1.2.azuredatabricks.net"));
    assertThat(endpoint.authorizationHeader()).contains("Bearer dapi-s3cret");
    assertThat(endpoint.describe()).isEqualTo("databricks (https://adb-1.2.azuredatabricks.net)");
    assertThat(endpoint.toString()).doesNotContain("s3cret").contains("DATABRICKS_TOKEN");
    assertThatThrownBy(() -> settings.endpoint(Map.of("DATABRICKS_HOST", "h")::get))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("DATABRICKS_TOKEN")
        .hasMessageContaining("is not set");
  }

  @Test
  void userAndPasswordComeFromTheNamedVariablesAndStayOutOfText() {
    MlflowSettings settings =
        settings(
            "--mlflow.credentials.username-env", "MY_USER",
            "--mlflow.credentials.password-env", "MY_PASS");
    Map<String, String> env = Map.of("MY_USER", "alice", "MY_PASS", "pa55-w0rd!");

    MlflowEndpoint endpoint = settings.endpoint(env::get);

    assertThat(endpoint.username()).contains("alice");
    assertThat(endpoint.authorizationHeader())
        .contains(
            "Basic " + java.util.Base64.getEncoder().encodeToString("alice:pa55-w0rd!".getBytes()));
    assertThat(endpoint.toString())
        .isEqualTo("MlflowEndpoint[http://127.0.0.1:15000, user 'alice' (from MY_USER / MY_PASS)]");
    String leaked = "body echoing pa55-w0rd! and " + endpoint.authorizationHeader().get();
    assertThat(endpoint.redact(leaked)).doesNotContain("pa55").doesNotContain("YWxpY2U6");
  }

  @Test
  void aHalfSetPairNamesTheMissingVariable() {
    MlflowSettings settings = settings();

    assertThatThrownBy(() -> settings.endpoint(Map.of("MLFLOW_TRACKING_USERNAME", "alice")::get))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("MLFLOW_TRACKING_PASSWORD is not")
        .hasMessageContaining("set both or neither");
    assertThatThrownBy(() -> settings.endpoint(Map.of("MLFLOW_TRACKING_PASSWORD", "pw-1")::get))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("MLFLOW_TRACKING_USERNAME is not")
        .hasMessageNotContaining("pw-1");
  }

  @Test
  void aTrackingUriThatIsNoServerIsRejectedWithTheValue() {
    assertThatThrownBy(() -> settings("--mlflow.tracking-uri", "file:///tmp/mlruns"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith(
            "Invalid config 'pipeline.mlflow.tracking-uri' = 'file:///tmp/mlruns': expected"
                + " http(s)://host[:port][/path]");
    assertThatThrownBy(() -> settings("--mlflow.tracking-uri", "databricks-uc"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("'databricks-uc'")
        .hasMessageContaining("not profiles or 'databricks-uc'");
  }

  @Test
  void credentialsInsideTheUriAreRefusedWithoutEchoingThem() {
    assertThatThrownBy(
            () -> settings("--mlflow.tracking-uri", "https://bob:hunter2@mlflow.example.com/x"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "Invalid config 'pipeline.mlflow.tracking-uri' = 'https://<redacted>@mlflow.example.com/x':"
                + " credentials do not belong in the URI: set the environment variables named by"
                + " pipeline.mlflow.credentials");
  }

  @Test
  void reservedOrMalformedAliasesAndModelNamesAreRejected() {
    assertThatThrownBy(() -> settings("--mlflow.alias", "latest"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("Invalid config 'pipeline.mlflow.alias' = 'latest'");
    assertThatThrownBy(() -> settings("--mlflow.alias", "v2"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("reserved");
    assertThatThrownBy(() -> settings("--mlflow.alias", "my champion"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("letters, digits, underscores or hyphens");
    assertThatThrownBy(() -> settings("--mlflow.registered-model-name", "team/model"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "Invalid config 'pipeline.mlflow.registered-model-name' = 'team/model': a registered"
                + " model name cannot contain '/', ':' or '@'");
  }

  @Test
  void timeoutsMustBePositive() {
    assertThatThrownBy(() -> settings("--mlflow.request-timeout", "0s"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("Invalid config 'pipeline.mlflow.request-timeout' = 'PT0S'");
  }
}
