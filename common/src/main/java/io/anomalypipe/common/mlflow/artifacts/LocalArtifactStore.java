package io.anomalypipe.common.mlflow.artifacts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Artifacts in a local folder: {@code file:///...} locations and plain absolute paths (a server
 * started with a local {@code --default-artifact-root} and no artifact proxy). Files are written to
 * a temporary sibling first and moved into place, so a reader never sees half a file.
 */
public final class LocalArtifactStore implements ArtifactStore {

  private final String rootUri;
  private final Path root;

  /**
   * A store rooted at {@code rootUri}: {@code file:/abs/dir}, {@code file:///abs/dir} or {@code
   * /abs/dir}.
   */
  public LocalArtifactStore(String rootUri) {
    this.rootUri = rootUri;
    this.root = rootUri.startsWith("file:") ? Path.of(URI.create(rootUri)) : Path.of(rootUri);
    if (!root.isAbsolute()) {
      throw new IllegalArgumentException("a local artifact location must be absolute: " + rootUri);
    }
  }

  @Override
  public String rootUri() {
    return rootUri;
  }

  @Override
  public void write(String path, byte[] content) {
    Path target = resolve(path);
    try {
      Files.createDirectories(target.getParent());
      Path temporary =
          Files.createTempFile(target.getParent(), ".tmp-", "-" + target.getFileName());
      try {
        Files.write(temporary, content);
        Files.move(
            temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write artifact " + target, e);
    }
  }

  @Override
  public byte[] read(String path) {
    Path source = resolve(path);
    try {
      return Files.readAllBytes(source);
    } catch (NoSuchFileException e) {
      throw new ArtifactNotFoundException(source.toString(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read artifact " + source, e);
    }
  }

  @Override
  public List<ArtifactFile> list(String folder) {
    String relative = folder.isBlank() ? "" : ArtifactPaths.normalize(folder);
    Path dir = relative.isEmpty() ? root : root.resolve(relative);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<ArtifactFile> entries = new ArrayList<>();
    try (Stream<Path> children = Files.list(dir)) {
      for (Path child : (Iterable<Path>) children.sorted()::iterator) {
        String name = child.getFileName().toString();
        boolean directory = Files.isDirectory(child);
        entries.add(
            new ArtifactFile(
                relative.isEmpty() ? name : relative + "/" + name,
                directory,
                directory ? -1 : Files.size(child)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list artifacts in " + dir, e);
    }
    return entries;
  }

  private Path resolve(String path) {
    return root.resolve(ArtifactPaths.normalize(path));
  }
}
