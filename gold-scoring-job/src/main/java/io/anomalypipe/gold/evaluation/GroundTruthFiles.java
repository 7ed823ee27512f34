package io.anomalypipe.gold.evaluation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files a ground-truth glob such as {@code /data/.run/ground-truth-*.jsonl} names: the glob
 * applies to the file names of one directory (the demo writes one file per generator run there).
 */
public final class GroundTruthFiles {
  private GroundTruthFiles() {}

  /** The matching files, sorted; empty when the directory does not exist or nothing matches. */
  public static List<Path> matching(String glob) {
    Path pattern = Path.of(glob).toAbsolutePath();
    Path directory = pattern.getParent();
    String fileGlob = pattern.getFileName().toString();
    if (directory == null || !Files.isDirectory(directory)) {
      return List.of();
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, fileGlob)) {
      stream.forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory + " for " + glob, e);
    }
    files.sort(null);
    return files;
  }
}
