package io.anomalypipe.common.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a {@code --config} profile is and how to read it: a path on the driver's disk (relative to
 * the working directory, or {@code file:}), or a URI of another file system, read through Hadoop's
 * {@code FileSystem} with the driver's Hadoop settings — so {@code spark-submit --deploy-mode
 * cluster}, whose driver runs on a worker, can take a profile from shared storage ({@code
 * s3a://bucket/conf/prod.conf}, {@code abfss://...}, {@code hdfs://...}, {@code dbfs:/...}).
 * Databricks volumes ({@code /Volumes/...}) are local paths on the driver.
 */
public record ProfileLocation(String given) {

  /** {@code scheme:} followed by a slash; one letter is a Windows drive, not a scheme. */
  private static final Pattern URI_WITH_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:/.*");

  /** The local file, or empty when the profile lives on another file system. */
  public Optional<Path> localFile() {
    if (!URI_WITH_SCHEME.matcher(given).matches()) {
      return Optional.of(Path.of(given));
    }
    URI uri = uri();
    return "file".equalsIgnoreCase(uri.getScheme()) ? Optional.of(Path.of(uri)) : Optional.empty();
  }

  /** The profile's text; fails naming the location when it cannot be read. */
  public String read() {
    Optional<Path> local = localFile();
    if (local.isPresent()) {
      if (!Files.isRegularFile(local.get())) {
        throw InvalidConfigException.withMessage(
            "config",
            "Config profile '"
                + given
                + "' does not exist or is not a file"
                + (local.get().isAbsolute()
                    ? ""
                    : " (relative to the working directory "
                        + Path.of("").toAbsolutePath()
                        + "; with spark-submit --deploy-mode cluster give a path or URI every"
                        + " node can read, or ship the file with --files)"));
      }
      try {
        return Files.readString(local.get(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw InvalidConfigException.withMessage(
            "config", "Config profile '" + given + "' cannot be read: " + e);
      }
    }
    try (InputStream in = openRemote()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw InvalidConfigException.withMessage(
          "config", "Config profile '" + given + "' cannot be read: " + e);
    }
  }

  private InputStream openRemote() throws IOException {
    try {
      return HadoopFiles.open(uri());
    } catch (NoClassDefFoundError e) {
      // the generator and other plain-Java tools run without Hadoop on their classpath
      throw InvalidConfigException.withMessage(
          "config",
          "Config profile '"
              + given
              + "' is not a local file and Hadoop's FileSystem is not on the classpath: run the job"
              + " under spark-submit, or give a local path");
    }
  }

  private URI uri() {
    try {
      return new URI(given);
    } catch (URISyntaxException e) {
      throw InvalidConfigException.withMessage(
          "config", "Config profile '" + given + "' is not a valid URI: " + e.getMessage());
    }
  }

  /**
   * Hadoop's file systems, kept in their own class so that a JVM without Hadoop loads it only when
   * a profile really is remote.
   */
  private static final class HadoopFiles {
    static InputStream open(URI uri) throws IOException {
      org.apache.hadoop.conf.Configuration hadoop = hadoopConfiguration();
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(uri);
      return path.getFileSystem(hadoop).open(path);
    }

    /**
     * The settings spark-submit gives the driver ({@code spark.hadoop.*} from {@code --conf} or
     * {@code spark-defaults.conf}, as system properties), as Spark itself would apply them; the
     * session does not exist yet when the profile is read.
     */
    private static org.apache.hadoop.conf.Configuration hadoopConfiguration() {
      org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration();
      String prefix = "spark.hadoop.";
      System.getProperties()
          .stringPropertyNames()
          .forEach(
              name -> {
                if (name.startsWith(prefix)) {
                  hadoop.set(name.substring(prefix.length()), System.getProperty(name));
                }
              });
      return hadoop;
    }
  }
}
