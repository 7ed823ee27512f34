package io.anomalypipe.gold.report;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium for the report's tests: found (or installed) by the project's {@code
 * bin/chromium}, run with a throw-away profile. Never skips: without a browser the test fails and
 * says why.
 */
final class HeadlessChromium {
  private static final long INSTALL_MINUTES = 10;
  private static final long RUN_SECONDS = 120;

  private static Path executable;

  private HeadlessChromium() {}

  /** The browser, installed by {@code bin/chromium} on first use when missing. */
  static synchronized Path executable() throws IOException, InterruptedException {
    if (executable == null) {
      Path script = repoRoot().resolve("bin/chromium");
      Run run = run(List.of(script.toString()), TimeUnit.MINUTES.toSeconds(INSTALL_MINUTES));
      if (run.exitCode() != 0 || run.stdout().isBlank()) {
        fail(
            "no headless Chromium for the report test: %s exited %d. Install Debian's chromium"
                + " package (bin/chromium does it as root), or set CHROMIUM=/path/to/chrome.%n%s",
            script, run.exitCode(), run.stderr());
      }
      executable = Path.of(run.stdout().strip().lines().reduce((a, b) -> b).orElseThrow());
    }
    return executable;
  }

  /** A PNG of the page as a 1280 x {@code height} window shows it. */
  static void screenshot(Path html, Path png, int height) throws Exception {
    Run run = browse(html, "--window-size=1280," + height, "--screenshot=" + png);
    if (run.exitCode() != 0 || !Files.isRegularFile(png)) {
      fail("chromium made no screenshot of %s (exit %d):%n%s", html, run.exitCode(), run.stderr());
    }
  }

  /** The page's DOM after the browser parsed and laid it out, serialised. */
  static String dumpDom(Path html) throws Exception {
    Run run = browse(html, "--dump-dom");
    if (run.exitCode() != 0 || run.stdout().isBlank()) {
      fail("chromium dumped no DOM of %s (exit %d):%n%s", html, run.exitCode(), run.stderr());
    }
    return run.stdout();
  }

  private static Run browse(Path html, String... options) throws Exception {
    Path profile = Files.createTempDirectory("chromium-profile");
    List<String> command =
        new ArrayList<>(
            List.of(
                executable().toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--no-first-run",
                "--user-data-dir=" + profile));
    command.addAll(List.of(options));
    command.add(html.toUri().toString());
    try {
      return run(command, RUN_SECONDS);
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private record Run(int exitCode, String stdout, String stderr) {}

  private static Run run(List<String> command, long timeoutSeconds)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("chromium", ".out");
    Path err = Files.createTempFile("chromium", ".err");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("%s did not finish in %d s", String.join(" ", command), timeoutSeconds);
    }
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** The checkout's root: the nearest folder up from the working directory with bin/chromium. */
  static Path repoRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isExecutable(dir.resolve("bin/chromium"))) {
        return dir;
      }
    }
    throw new IllegalStateException("bin/chromium not found above " + Path.of("").toAbsolutePath());
  }
}
