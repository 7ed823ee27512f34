package io.anomalypipe.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Watches a Delta table's transaction log from outside the JVM that writes it: kill -9 tests use it
 * to let a job in a {@link ChildJvm} commit a chosen number of times before killing it.
 */
public final class DeltaCommitWatch {

  private DeltaCommitWatch() {}

  /** Commits (JSON files) in the table's {@code _delta_log}; 0 before the table exists. */
  public static int commits(String tablePath) throws IOException {
    Path deltaLog = Path.of(tablePath, "_delta_log");
    if (!Files.isDirectory(deltaLog)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(deltaLog)) {
      return (int) files.filter(f -> f.getFileName().toString().matches("\\d{20}\\.json")).count();
    }
  }

  /** Waits until the table has at least {@code commits} commits, failing if {@code job} dies. */
  public static void awaitCommits(String tablePath, int commits, ChildJvm job) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (commits(tablePath) < commits) {
      assertThat(job.isAlive()).as("job died early; log %s", job.log()).isTrue();
      assertThat(System.nanoTime()).as("waiting for %d commits", commits).isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
