package io.anomalypipe.deployment;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The repository's deployment files as JSON trees: the Databricks job ({@value #JOB_JSON}) and the
 * bundle ({@value #BUNDLE} with the resource files it includes). Duplicate keys are errors, in JSON
 * and YAML alike (both parsers would otherwise keep the last one silently).
 */
final class DeploymentFiles {
  static final String JOB_JSON = "workflows/anomaly-pipeline.job.json";
  static final String BUNDLE = "databricks.yml";

  /** The job's key under {@code resources.jobs}: {@code databricks bundle run <key>}. */
  static final String BUNDLE_JOB_KEY = "anomaly_pipeline";

  static final ObjectMapper JSON =
      JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
  static final ObjectMapper YAML =
      YAMLMapper.builder(new YAMLFactory())
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();

  private DeploymentFiles() {}

  /** The repository root: {@code pipeline.repo.root} (set by surefire), else found upwards. */
  static Path root() {
    String property = System.getProperty("pipeline.repo.root");
    if (property != null && Files.isRegularFile(Path.of(property, BUNDLE))) {
      return Path.of(property).toAbsolutePath().normalize();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(BUNDLE)) && Files.isRegularFile(dir.resolve(JOB_JSON))) {
        return dir;
      }
    }
    throw new IllegalStateException("no " + BUNDLE + " in the working directory or above it");
  }

  static JsonNode jobJson() {
    return read(JSON, root().resolve(JOB_JSON));
  }

  static JsonNode bundle() {
    return read(YAML, root().resolve(BUNDLE));
  }

  /** The job resource {@value #BUNDLE_JOB_KEY} and the file that defines it. */
  record BundleJob(Path file, JsonNode job) {}

  static BundleJob bundleJob() {
    List<BundleJob> found = new ArrayList<>();
    for (Path file : bundleFiles()) {
      JsonNode job = read(YAML, file).path("resources").path("jobs").path(BUNDLE_JOB_KEY);
      if (!job.isMissingNode()) {
        found.add(new BundleJob(file, job));
      }
    }
    if (found.size() != 1) {
      throw new IllegalStateException(
          "resources.jobs." + BUNDLE_JOB_KEY + " is defined in " + found.size() + " bundle files");
    }
    return found.get(0);
  }

  /** {@value #BUNDLE} and every file its {@code include} patterns match. */
  static List<Path> bundleFiles() {
    List<Path> files = new ArrayList<>(List.of(root().resolve(BUNDLE)));
    for (JsonNode pattern : bundle().path("include")) {
      files.addAll(matching(pattern.asText()));
    }
    return files;
  }

  /** The files a bundle {@code include} pattern matches: a folder, then a file-name glob. */
  static List<Path> matching(String pattern) {
    Path relative = Path.of(pattern);
    if (pattern.contains("**") || relative.getParent() == null) {
      throw new IllegalArgumentException(
          "include pattern " + pattern + ": only <folder>/<file glob> is supported here");
    }
    Path dir = root().resolve(relative.getParent());
    List<Path> files = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return files;
    }
    try (DirectoryStream<Path> stream =
        Files.newDirectoryStream(dir, relative.getFileName().toString())) {
      stream.forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    files.sort(null);
    return files;
  }

  static JsonNode read(ObjectMapper mapper, Path file) {
    try {
      return mapper.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + root().relativize(file), e);
    }
  }
}
