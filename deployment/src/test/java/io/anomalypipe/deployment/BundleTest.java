package io.anomalypipe.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.service.jobs.JobSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** databricks.yml and its job resource: the SDK's job classes, the job JSON, the targets. */
class BundleTest {

  @Test
  void bundleIncludesTheJobAndHasADevAndAProdTarget() {
    JsonNode bundle = DeploymentFiles.bundle();
    DeploymentFiles.BundleJob job = DeploymentFiles.bundleJob();

    assertThat(bundle.at("/bundle/name").asText()).isEqualTo("anomaly-pipeline");
    assertThat(DeploymentFiles.root().relativize(job.file()))
        .isEqualTo(Path.of("resources/anomaly-pipeline.job.yml"));
    assertThat(bundle.at("/targets/dev/mode").asText()).isEqualTo("development");
    assertThat(bundle.at("/targets/dev/default").asBoolean()).isTrue();
    assertThat(bundle.at("/targets/prod/mode").asText()).isEqualTo("production");
    assertThat(bundle.at("/targets/prod/workspace/root_path").asText()).startsWith("/Workspace/");
    assertThat(bundle.at("/targets/prod/run_as/service_principal_name").asText()).isNotBlank();
    // the jars go to a Unity Catalog volume, the profile with the synced files
    assertThat(bundle.at("/workspace/artifact_path").asText()).startsWith("/Volumes/");
    assertThat(bundle.at("/sync/paths").size()).isEqualTo(1);
    assertThat(bundle.at("/sync/paths/0").asText()).isEqualTo("./conf");
  }

  @Test
  void theJobResourceReadsWithTheSdkJobClassesAndLosesNothing() throws Exception {
    JsonNode job = DeploymentFiles.bundleJob().job();

    JobSettings settings = JobsApi.settings(job);

    assertThat(settings.getName()).isEqualTo("anomaly-pipeline");
    assertThat(TreeDiff.differences(job, JobsApi.roundTrip(job))).isEmpty();
    assertThat(JobStructure.problems(settings)).isEmpty();
  }

  @Test
  void theJobResourceIsTheJobJsonWithTheDocumentedSubstitutions() {
    JsonNode expected = BundleSubstitutions.expectedBundleJob(DeploymentFiles.jobJson());

    assertThat(TreeDiff.differences(expected, DeploymentFiles.bundleJob().job())).isEmpty();
  }

  @Test
  void aChangeToOneFileAloneShowsAsADifference() {
    JsonNode json = DeploymentFiles.jobJson();
    JsonNode yaml = DeploymentFiles.bundleJob().job();
    ((ObjectNode) yaml.at("/tasks/2")).put("max_retries", 3);
    ((ObjectNode) json.at("/job_clusters/0/new_cluster")).put("spark_version", "17.3.x-scala2.13");
    ((ObjectNode) yaml.at("/tasks/0/libraries/0")).put("jar", "../bronze-job/target/other.jar");

    assertThat(TreeDiff.differences(BundleSubstitutions.expectedBundleJob(json), yaml))
        .containsExactlyInAnyOrder(
            "job_clusters[pipeline_cluster].new_cluster.spark_version: expected \"17.3.x-scala2.13\","
                + " found \"16.4.x-scala2.12\"",
            "tasks[bronze].libraries[0].jar: expected"
                + " \"../bronze-job/target/bronze-job-0.1.0-SNAPSHOT-spark.jar\", found"
                + " \"../bronze-job/target/other.jar\"",
            "tasks[train].max_retries: expected 1, found 3");
  }

  @Test
  void theArtifactIsBuiltForDatabricksAndHoldsExactlyTheJarsTheTasksInstall() {
    JsonNode artifacts = DeploymentFiles.bundle().path("artifacts");
    DeploymentFiles.BundleJob job = DeploymentFiles.bundleJob();
    Path resourceDir = job.file().getParent();

    Set<Path> installed =
        job.job().findValues("jar").stream()
            .map(jar -> resourceDir.resolve(jar.asText()).normalize())
            .collect(Collectors.toSet());
    Set<Path> built =
        artifacts.findValues("source").stream()
            .map(source -> DeploymentFiles.root().resolve(source.asText()).normalize())
            .collect(Collectors.toSet());

    assertThat(artifacts.size()).isEqualTo(1);
    JsonNode artifact = artifacts.elements().next();
    assertThat(artifact.path("type").asText()).isEqualTo("jar");
    assertThat(artifact.path("build").asText())
        .contains("./mvnw", "package", "-Pdatabricks", "-DskipTests");
    assertThat(built).hasSize(4).isEqualTo(installed);
  }

  static Stream<String> targets() {
    return BundleTarget.names(DeploymentFiles.bundle()).stream();
  }

  @ParameterizedTest
  @MethodSource("targets")
  void everyReferenceResolvesAndTheJobStaysValidInTarget(String name) throws Exception {
    BundleTarget target = new BundleTarget(DeploymentFiles.bundle(), name);
    for (Path file : DeploymentFiles.bundleFiles()) {
      target.resolve(DeploymentFiles.read(DeploymentFiles.YAML, file));
    }

    JsonNode job = target.resolve(DeploymentFiles.bundleJob().job());

    assertThat(JobStructure.problems(JobsApi.settings(job))).isEmpty();
    assertThat(TreeDiff.strings(job).values()).noneMatch(text -> text.contains("${"));
  }

  @Test
  void devAndProdKeepTheirTablesCheckpointsAndModelsApart() {
    JsonNode bundle = DeploymentFiles.bundle();
    JsonNode job = DeploymentFiles.bundleJob().job();
    List<String> parameters =
        DeploymentFiles.JSON.convertValue(
            job.at("/tasks/3/spark_jar_task/parameters"),
            DeploymentFiles.JSON
                .getTypeFactory()
                .constructCollectionType(List.class, String.class));
    List<String> dev = resolved(new BundleTarget(bundle, "dev"), parameters);
    List<String> prod = resolved(new BundleTarget(bundle, "prod"), parameters);

    for (String flag :
        List.of(
            "--storage.tables-root",
            "--storage.checkpoints-root",
            "--mlflow.experiment-name",
            "--mlflow.registered-model-name")) {
      assertThat(dev.get(dev.indexOf(flag) + 1))
          .as(flag)
          .isNotEqualTo(prod.get(prod.indexOf(flag) + 1));
    }
  }

  private static List<String> resolved(BundleTarget target, List<String> parameters) {
    return parameters.stream().map(target::resolve).toList();
  }
}
