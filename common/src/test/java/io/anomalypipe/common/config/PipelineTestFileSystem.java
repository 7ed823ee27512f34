package io.anomalypipe.common.config;

import java.net.URI;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local disk under the scheme {@code pipelinetest://}: a file system only Hadoop's {@code
 * FileSystem} knows, standing in for {@code s3a://} or {@code abfss://} in tests.
 */
public final class PipelineTestFileSystem extends RawLocalFileSystem {
  @Override
  public URI getUri() {
    return URI.create("pipelinetest:///");
  }
}
