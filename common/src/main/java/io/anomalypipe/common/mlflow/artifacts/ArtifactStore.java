package io.anomalypipe.common.mlflow.artifacts;

import java.util.List;

/**
 * Files under one artifact location (a run's artifact root, or a model folder in it), whatever
 * holds them: the tracking server's artifact proxy, a local folder, or a Hadoop file system. Paths
 * are relative to {@link #rootUri()} and go through {@link ArtifactPaths#normalize}.
 */
public interface ArtifactStore {

  /** The location this store is rooted at, e.g. {@code mlflow-artifacts:/1/<run>/artifacts}. */
  String rootUri();

  /** Writes (or replaces) one file. */
  void write(String path, byte[] content);

  /** Reads one file; {@link ArtifactNotFoundException} if it does not exist. */
  byte[] read(String path);

  /** The direct children of a folder ("" = the root); empty if the folder does not exist. */
  List<ArtifactFile> list(String folder);
}
