package io.anomalypipe.common.mlflow.model;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of a model's files and the run tags that keep them. The tags live in the tracking store,
 * apart from the artifact store that holds the files, so that a file changed in the artifact store
 * after logging no longer matches. (Whoever may edit the run's tags can of course edit both.)
 */
public final class ModelChecksums {

  /** Run tag prefix of the model data's SHA-256; the artifact path follows, e.g. {@code .model}. */
  public static final String DATA_TAG_PREFIX = "anomaly_pipeline.model_data_sha256.";

  /** Run tag prefix of the {@code MLmodel} file's SHA-256 (it holds signature and threshold). */
  public static final String MLMODEL_TAG_PREFIX = "anomaly_pipeline.mlmodel_sha256.";

  private ModelChecksums() {}

  /** Lower-case hex SHA-256 of {@code bytes}. */
  public static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }

  /** The run tag holding the data checksum of the model at {@code artifactPath}. */
  public static String dataTag(String artifactPath) {
    return DATA_TAG_PREFIX + artifactPath;
  }

  /** The run tag holding the {@code MLmodel} checksum of the model at {@code artifactPath}. */
  public static String mlmodelTag(String artifactPath) {
    return MLMODEL_TAG_PREFIX + artifactPath;
  }
}
