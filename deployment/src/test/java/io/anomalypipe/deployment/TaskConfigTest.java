package io.anomalypipe.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.anomalypipe.common.config.InvalidConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each task's parameters through its own job's config validation, as the job does at start-up on
 * the cluster: the profile the task names (here: the same file in conf/), the flags after it, and
 * the environment variables the job cluster sets (the Kafka credentials; the workspace URL and
 * token for the tasks that open MLflow).
 */
class TaskConfigTest {

  static Stream<TaskRun> jsonTasks() throws Exception {
    return TaskRun.of(JobsApi.settings(DeploymentFiles.jobJson())).stream();
  }

  static Stream<Arguments> bundleTasks() throws Exception {
    List<Arguments> out = new ArrayList<>();
    for (String name : BundleTarget.names(DeploymentFiles.bundle())) {
      for (TaskRun task : bundleTasks(name)) {
        out.add(Arguments.of(name, task));
      }
    }
    return out.stream();
  }

  static List<TaskRun> bundleTasks(String target) throws Exception {
    BundleTarget resolved = new BundleTarget(DeploymentFiles.bundle(), target);
    return TaskRun.of(JobsApi.settings(resolved.resolve(DeploymentFiles.bundleJob().job())));
  }

  /**
   * The JSON job's {@code --config} is the profile uploaded from conf/ (workflows/README.md): the
   * check reads conf/ with the same file name.
   */
  static List<String> jsonParametersHere(List<String> parameters) {
    List<String> local = new ArrayList<>(parameters);
    int at = local.indexOf("--config");
    if (at >= 0) {
      String name = Path.of(local.get(at + 1)).getFileName().toString();
      Path profile = DeploymentFiles.root().resolve("conf").resolve(name);
      assertThat(profile).as("--config %s: the file to upload from conf/", name).isRegularFile();
      local.set(at + 1, profile.toString());
    }
    return local;
  }

  /** The bundle's {@code --config} already resolved to this checkout (BundleTarget). */
  static List<String> bundleParametersHere(List<String> parameters) {
    int at = parameters.indexOf("--config");
    if (at >= 0) {
      Path profile = Path.of(parameters.get(at + 1));
      assertThat(profile.startsWith(DeploymentFiles.root().resolve("conf")))
          .as("--config %s: a file the bundle syncs from conf/", profile)
          .isTrue();
      assertThat(Files.isRegularFile(profile)).as("%s exists", profile).isTrue();
    }
    return parameters;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jsonTasks")
  void jsonJobTaskPassesItsJobsConfigValidation(TaskRun task) {
    assertThat(task.configPath()).as("the task names its profile").isNotNull();

    Object config = TaskConfigs.check(task, TaskConfigTest::jsonParametersHere);

    assertThat(config).isNotNull();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("bundleTasks")
  void bundleTaskPassesItsJobsConfigValidation(String target, TaskRun task) {
    String tables =
        new BundleTarget(DeploymentFiles.bundle(), target)
            .resolve("/Volumes/${var.catalog}/${var.schema}/data/tables");

    Object config = TaskConfigs.check(task, TaskConfigTest::bundleParametersHere);

    // the target's flags win over the profile's storage root
    assertThat(config.toString()).contains(tables);
  }

  @Test
  void theProdTargetRunsEveryTaskWithTheJsonJobsConfiguration() throws Exception {
    Map<String, Object> json = new HashMap<>();
    for (TaskRun task : jsonTasks().toList()) {
      json.put(task.taskKey(), TaskConfigs.check(task, TaskConfigTest::jsonParametersHere));
    }

    List<TaskRun> prod = bundleTasks("prod");

    assertThat(prod).hasSameSizeAs(json.keySet());
    for (TaskRun task : prod) {
      assertThat(TaskConfigs.check(task, TaskConfigTest::bundleParametersHere))
          .as(task.taskKey())
          .isEqualTo(json.get(task.taskKey()));
    }
  }

  @Test
  void aValueTheJobRejectsFails() throws Exception {
    TaskRun bronze =
        jsonTasks().filter(t -> t.taskKey().equals("bronze")).findFirst().orElseThrow();
    List<String> parameters = new ArrayList<>(bronze.parameters());
    parameters.addAll(List.of("--bronze.trigger", "once"));
    TaskRun broken =
        new TaskRun("bronze", bronze.mainClass(), parameters, bronze.jars(), bronze.environment());

    assertThatThrownBy(() -> TaskConfigs.check(broken, TaskConfigTest::jsonParametersHere))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("pipeline.bronze.trigger");
  }

  @Test
  void aSecretTheClusterDoesNotSetFailsNamingTheVariable() throws Exception {
    for (String task : List.of("bronze", "train", "gold")) {
      TaskRun run = jsonTasks().filter(t -> t.taskKey().equals(task)).findFirst().orElseThrow();
      String variable = task.equals("bronze") ? "KAFKA_SASL_PASSWORD" : "DATABRICKS_TOKEN";
      Map<String, String> environment = new HashMap<>(run.environment());
      environment.remove(variable);
      TaskRun withoutIt =
          new TaskRun(task, run.mainClass(), run.parameters(), run.jars(), environment);

      assertThatThrownBy(() -> TaskConfigs.check(withoutIt, TaskConfigTest::jsonParametersHere))
          .as(task)
          .isInstanceOf(InvalidConfigException.class)
          .hasMessageContaining(variable);
    }
  }

  @Test
  void aMainClassWithoutAKnownConfigParserFails() throws Exception {
    TaskRun silver =
        jsonTasks().filter(t -> t.taskKey().equals("silver")).findFirst().orElseThrow();
    TaskRun report =
        new TaskRun(
            "report",
            "io.anomalypipe.silver.SilverReport",
            silver.parameters(),
            silver.jars(),
            silver.environment());

    assertThatThrownBy(() -> TaskConfigs.check(report, TaskConfigTest::jsonParametersHere))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("TaskConfigs.BY_MAIN_CLASS");
  }
}
