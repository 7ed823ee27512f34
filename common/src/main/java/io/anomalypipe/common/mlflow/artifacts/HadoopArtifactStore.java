package io.anomalypipe.common.mlflow.artifacts;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Artifacts on a Hadoop file system ({@code dbfs:/}, {@code s3a://}, {@code abfss://}, {@code
 * gs://}, {@code hdfs://}, ...) with a Hadoop {@link Configuration} — Spark's, so the cluster's
 * credentials and file system settings apply. Which schemes work depends on that configuration (on
 * Databricks {@code dbfs:} and the cloud stores do; on a plain cluster the connector jar and its
 * credentials must be there).
 */
public final class HadoopArtifactStore implements ArtifactStore {

  private final String rootUri;
  private final Configuration configuration;

  public HadoopArtifactStore(String rootUri, Configuration configuration) {
    this.rootUri = rootUri;
    this.configuration = configuration;
  }

  @Override
  public String rootUri() {
    return rootUri;
  }

  @Override
  public void write(String path, byte[] content) {
    Path target = resolve(path);
    try {
      FileSystem fs = target.getFileSystem(configuration);
      try (OutputStream out = fs.create(target, true)) {
        out.write(content);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write artifact " + target, e);
    }
  }

  @Override
  public byte[] read(String path) {
    Path source = resolve(path);
    try {
      FileSystem fs = source.getFileSystem(configuration);
      try (InputStream in = fs.open(source)) {
        return in.readAllBytes();
      }
    } catch (FileNotFoundException e) {
      throw new ArtifactNotFoundException(source.toString(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read artifact " + source, e);
    }
  }

  @Override
  public List<ArtifactFile> list(String folder) {
    String relative = folder.isBlank() ? "" : ArtifactPaths.normalize(folder);
    Path dir = relative.isEmpty() ? new Path(rootUri) : resolve(relative);
    List<ArtifactFile> entries = new ArrayList<>();
    try {
      FileSystem fs = dir.getFileSystem(configuration);
      for (FileStatus status : fs.listStatus(dir)) {
        String name = status.getPath().getName();
        entries.add(
            new ArtifactFile(
                relative.isEmpty() ? name : relative + "/" + name,
                status.isDirectory(),
                status.isDirectory() ? -1 : status.getLen()));
      }
    } catch (FileNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list artifacts in " + dir, e);
    }
    entries.sort(java.util.Comparator.comparing(ArtifactFile::path));
    return entries;
  }

  private Path resolve(String path) {
    return new Path(ArtifactPaths.join(rootUri, ArtifactPaths.normalize(path)));
  }
}
