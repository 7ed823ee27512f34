package io.anomalypipe.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.anomalypipe.common.testing.LocalServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of {@code bin/submit} — the script users run, calling a real {@code spark-submit} with a
 * job's shaded jar — with its exit code and what it printed (stdout: the job's summary line;
 * stderr: spark-submit's and the job's log).
 */
record SparkSubmitRun(List<String> command, int exitCode, String stdout, String stderr) {

  private static final Duration TIMEOUT = Duration.ofMinutes(6);

  /**
   * Runs {@code bin/submit SUBMIT_OPTIONS... STEP JOB_FLAGS...} from {@code workDir} with the extra
   * environment {@code env}.
   */
  static SparkSubmitRun of(
      Path workDir,
      Map<String, String> env,
      List<String> submitOptions,
      String step,
      List<String> jobFlags)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(LocalServices.repoRoot().resolve("bin/submit").toString());
    command.addAll(submitOptions);
    command.add(step);
    command.addAll(jobFlags);
    Path out = Files.createTempFile(workDir, step + "-", ".out");
    Path err = Files.createTempFile(workDir, step + "-", ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new AssertionError(command + " did not end within " + TIMEOUT);
    }
    return new SparkSubmitRun(
        command, process.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** Asserts the run succeeded, showing its output if not; returns it. */
  SparkSubmitRun succeeded() {
    assertThat(exitCode)
        .as("%s exited %d; stdout:%n%s%nstderr (tail):%n%s", command, exitCode, stdout, tail())
        .isZero();
    return this;
  }

  /** The last lines of stderr, for failure messages. */
  String tail() {
    List<String> lines = stderr.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
