package io.anomalypipe.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the repository's {@code bin/services} script from tests, and starts a local service for the
 * JVM's tests with {@link #start(String)}.
 *
 * <p>Who stops what: a service that was already running before the tests (started by hand or by CI
 * with {@code bin/services start}) is never stopped by tests. A service that tests started is
 * stopped by the last test JVM that used it: every JVM holds a lease file in {@code
 * <run>/<service>/test-leases/} while it uses the service, so parallel Maven modules share one
 * broker safely. To keep a service running across test runs, start it yourself first.
 *
 * <p>A service {@code x} follows the script's convention: its pid file is {@code <run>/x/x.pid} and
 * {@code start} prints {@code "x already running"} when it did nothing.
 */
public final class LocalServices {

  /** How long a {@code bin/services} call may take (a fresh clone first resolves jars). */
  private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(10);

  private LocalServices() {}

  /** The output and exit code of one {@code bin/services} call. */
  public record Result(int exitCode, String output) {}

  /**
   * The repository root: the system property {@code pipeline.repo.root} (surefire sets it), else
   * the first folder upwards from the working directory that holds {@code bin/services} and {@code
   * mvnw}.
   */
  public static Path repoRoot() {
    String property = System.getProperty("pipeline.repo.root");
    if (property != null && !property.isBlank()) {
      Path root = Path.of(property).toAbsolutePath().normalize();
      if (Files.isRegularFile(root.resolve("bin/services"))) {
        return root;
      }
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("bin/services"))
          && Files.isRegularFile(dir.resolve("mvnw"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "cannot find the repository root (a folder with bin/services and mvnw) from "
            + Path.of("").toAbsolutePath()
            + "; set -Dpipeline.repo.root");
  }

  /**
   * The run folder of {@code bin/services}: {@code $PIPELINE_RUN_DIR}, else {@code <repo>/.run}.
   */
  public static Path runDir() {
    String env = System.getenv("PIPELINE_RUN_DIR");
    Path root = repoRoot();
    return (env == null || env.isBlank() ? root.resolve(".run") : root.resolve(env))
        .toAbsolutePath()
        .normalize();
  }

  /** Runs {@code bin/services <args...>} from the repository root and waits for it. */
  public static Result run(String... args) {
    Path root = repoRoot();
    Path output = null;
    try {
      output = Files.createTempFile("bin-services-", ".out");
      List<String> command =
          new ArrayList<>(List.of("bash", root.resolve("bin/services").toString()));
      command.addAll(List.of(args));
      Process process =
          new ProcessBuilder(command)
              .directory(root.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      process.getOutputStream().close(); // no input; never inherit surefire's stdin
      if (!process.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        return new Result(
            -1,
            Files.readString(output)
                + "\n(timed out after "
                + SCRIPT_TIMEOUT.toMinutes()
                + " min: bin/services "
                + String.join(" ", args)
                + ")");
      }
      return new Result(process.exitValue(), Files.readString(output).strip());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run bin/services " + String.join(" ", args), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: bin/services " + String.join(" ", args), e);
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException ignored) {
          // a temp file left behind is harmless
        }
      }
    }
  }

  /**
   * Starts {@code service} with {@code bin/services start <service>} (a no-op when it runs) and
   * takes a lease on it for this JVM; closing the lease stops the service if tests started it and
   * no other test JVM still uses it. Fails with the script's output when the service cannot start.
   */
  @SuppressWarnings("try") // the lock is held, not used
  public static Lease start(String service) {
    Path dir = runDir().resolve(service);
    Path leases = dir.resolve("test-leases");
    Path lease = leases.resolve(Long.toString(ProcessHandle.current().pid()));
    try {
      Files.createDirectories(leases);
      try (var lock = lock(dir)) {
        Files.writeString(lease, "");
        Result result = run("start", service);
        if (result.exitCode() != 0) {
          Files.deleteIfExists(lease);
          throw new IllegalStateException(
              "bin/services start "
                  + service
                  + " failed (exit "
                  + result.exitCode()
                  + "):\n"
                  + result.output());
        }
        System.out.println(result.output());
        if (!result.output().contains(service + " already running")) {
          // started by tests: remember which process, the last test JVM stops exactly that one
          Files.writeString(dir.resolve("started-by-tests"), pid(dir, service).orElse(-1L) + "");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot take a lease on " + service + " in " + dir, e);
    }
    return new Lease(service, dir, lease);
  }

  /**
   * This JVM's use of a local service; {@link #close()} releases it (see {@link #start}). A JUnit
   * extension keeps it in the root context's store, which closes it when the JVM's tests end.
   */
  public static final class Lease
      implements AutoCloseable, ExtensionContext.Store.CloseableResource {
    private final String service;
    private final Path dir;
    private final Path file;
    private boolean closed;

    private Lease(String service, Path dir, Path file) {
      this.service = service;
      this.dir = dir;
      this.file = file;
    }

    public String service() {
      return service;
    }

    @Override
    @SuppressWarnings("try") // the lock is held, not used
    public synchronized void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try (var lock = lock(dir)) {
        Files.deleteIfExists(file);
        Path marker = dir.resolve("started-by-tests");
        if (!Files.exists(marker) || otherLeasesAlive()) {
          return;
        }
        Optional<Long> owner = parseLong(Files.readString(marker));
        Optional<Long> running = pid(dir, service);
        Files.deleteIfExists(marker);
        if (owner.isPresent() && owner.equals(running)) {
          Result result = run("stop", service);
          System.out.println(result.output());
          if (result.exitCode() != 0) {
            throw new IllegalStateException(
                "bin/services stop " + service + " failed:\n" + result.output());
          }
        }
        // else: restarted by someone since the tests started it; not ours to stop any more
      }
    }

    /** True if another live JVM holds a lease; removes the leases of JVMs that died. */
    private boolean otherLeasesAlive() throws IOException {
      boolean alive = false;
      try (Stream<Path> files = Files.list(file.getParent())) {
        for (Path other : (Iterable<Path>) files::iterator) {
          Optional<Long> pid = parseLong(other.getFileName().toString());
          if (pid.isPresent()
              && ProcessHandle.of(pid.get()).map(ProcessHandle::isAlive).orElse(false)) {
            alive = true;
          } else {
            Files.deleteIfExists(other);
          }
        }
      }
      return alive;
    }
  }

  /** Held while a JVM changes leases or decides to start or stop: closing it unlocks. */
  private interface Locked extends AutoCloseable {
    @Override
    void close() throws IOException;
  }

  /** A lock shared by the test JVMs (an OS file lock on {@code <run>/<service>/.tests.lock}). */
  private static Locked lock(Path dir) throws IOException {
    Files.createDirectories(dir);
    FileChannel channel =
        FileChannel.open(
            dir.resolve(".tests.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      channel.lock();
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    return channel::close; // closing the channel releases its lock
  }

  private static Optional<Long> pid(Path dir, String service) throws IOException {
    Path pidFile = dir.resolve(service + ".pid");
    return Files.exists(pidFile) ? parseLong(Files.readString(pidFile)) : Optional.empty();
  }

  private static Optional<Long> parseLong(String text) {
    try {
      return Optional.of(Long.parseLong(text.strip()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
