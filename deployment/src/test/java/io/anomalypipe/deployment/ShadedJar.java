package io.anomalypipe.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

/**
 * A job jar a task installs, named as the shade plugin names it: {@code
 * <module>-<version>-spark.jar}, built in {@code <module>/target/}.
 */
record ShadedJar(String module, String version, String fileName) {
  private static final Pattern NAME =
      Pattern.compile(
          "(?<module>[a-z][a-z0-9]*(?:-[a-z][a-z0-9]*)*)-(?<version>\\d+\\.\\d+\\.\\d+(?:-SNAPSHOT)?)-spark\\.jar");

  /** The jar a library path names (its last segment), if it is a shaded jar's name. */
  static Optional<ShadedJar> named(String libraryPath) {
    String fileName = libraryPath.substring(libraryPath.lastIndexOf('/') + 1);
    Matcher m = NAME.matcher(fileName);
    return m.matches()
        ? Optional.of(new ShadedJar(m.group("module"), m.group("version"), fileName))
        : Optional.empty();
  }

  /** Where the build leaves it. */
  Path built() {
    return DeploymentFiles.root().resolve(module).resolve("target").resolve(fileName);
  }

  /** True when the module exists in this repository. */
  boolean moduleExists() {
    return Files.isRegularFile(DeploymentFiles.root().resolve(module).resolve("pom.xml"));
  }

  /** True when the jar at {@code file} holds the class (by its entry name). */
  static boolean holds(Path file, String className) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      return zip.getEntry(className.replace('.', '/') + ".class") != null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file, e);
    }
  }
}
