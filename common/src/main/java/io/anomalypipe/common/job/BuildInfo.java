package io.anomalypipe.common.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The project version and git commit the running jar was built from (written at build time by the
 * git-commit-id plugin into {@code build-info.properties}), for run tags and logs: a model or a
 * Gold row can be traced to the code that made it.
 *
 * @param version the project version, e.g. 0.1.0-SNAPSHOT
 * @param gitCommit the full commit id, or "unknown" when built outside a git checkout
 * @param dirty whether the working tree had uncommitted changes at build time
 */
public record BuildInfo(String version, String gitCommit, boolean dirty) {

  private static final String RESOURCE = "build-info.properties";
  private static final String UNKNOWN = "unknown";

  /** The build info of the classes on the classpath. */
  public static BuildInfo current() {
    Properties properties = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    return new BuildInfo(
        properties.getProperty("git.build.version", UNKNOWN),
        properties.getProperty("git.commit.id", UNKNOWN),
        Boolean.parseBoolean(properties.getProperty("git.dirty", "false")));
  }
}
