package io.anomalypipe.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.anomalypipe.bronze.BronzeJob;
import io.anomalypipe.silver.SilverJob;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each task's jars are shaded jars this build makes, and the task's main class is in one of them:
 * opened from the module's target/. Runs in the integration-test phase (pom.xml), after the job
 * modules were packaged.
 */
class TaskJarsTest {

  static Stream<Arguments> tasks() throws Exception {
    List<Arguments> out = new ArrayList<>();
    for (TaskRun task : TaskRun.of(JobsApi.settings(DeploymentFiles.jobJson()))) {
      out.add(Arguments.of(DeploymentFiles.JOB_JSON, task));
    }
    DeploymentFiles.BundleJob bundle = DeploymentFiles.bundleJob();
    for (TaskRun task : TaskRun.of(JobsApi.settings(bundle.job()))) {
      out.add(Arguments.of(DeploymentFiles.root().relativize(bundle.file()).toString(), task));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("tasks")
  void theMainClassIsInAShadedJarTheTaskInstalls(String file, TaskRun task) {
    String version = System.getProperty("project.version");
    assertThat(task.jars()).as("%s: %s installs a jar", file, task.taskKey()).isNotEmpty();
    List<Path> built = new ArrayList<>();
    for (String library : task.jars()) {
      ShadedJar jar =
          ShadedJar.named(library)
              .orElseThrow(
                  () ->
                      new AssertionError(
                          library
                              + ": not a shaded jar of this build (<module>-<version>-spark.jar;"
                              + " the plain jar lacks common and the libraries the job brings)"));
      assertThat(jar.moduleExists()).as("%s: module %s/", library, jar.module()).isTrue();
      assertThat(jar.version()).as("%s: the build makes %s", library, version).isEqualTo(version);
      assertThat(jar.built()).as("%s after the build", library).isRegularFile();
      if (!library.startsWith("/")) {
        // a bundle library is a local path, relative to the file that names it
        Path named = DeploymentFiles.root().resolve(file).getParent().resolve(library).normalize();
        assertThat(named).as("%s in %s", library, file).isEqualTo(jar.built());
      }
      built.add(jar.built());
    }

    assertThat(built)
        .as("%s: %s in %s", file, task.mainClass(), task.jars())
        .anyMatch(jar -> ShadedJar.holds(jar, task.mainClass()));
  }

  @Test
  void aClassFromAnotherModuleIsNotFoundInAJar() {
    Path bronzeJar =
        ShadedJar.named("bronze-job-" + System.getProperty("project.version") + "-spark.jar")
            .orElseThrow()
            .built();

    assertThat(ShadedJar.holds(bronzeJar, BronzeJob.class.getName())).isTrue();
    assertThat(ShadedJar.holds(bronzeJar, SilverJob.class.getName())).isFalse();
  }
}
