package io.anomalypipe.common.mlflow.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Hadoop store through Hadoop's LocalFileSystem ({@code file:}); the same code reaches {@code
 * dbfs:/}, {@code s3a://} and {@code abfss://} with a cluster's configuration.
 */
class HadoopArtifactStoreTest extends ArtifactStoreContract {

  @TempDir Path dir;
  private int stores;

  @Override
  ArtifactStore newStore() {
    return new HadoopArtifactStore(
        "file:" + dir.resolve("store-" + stores++).toAbsolutePath(), new Configuration());
  }

  @Test
  void theFactoryHandsOtherSchemesToHadoopWhenItHasAConfiguration() {
    ArtifactStores stores = new ArtifactStores(null, Optional.of(new Configuration()));

    assertThat(stores.forUri("s3a://bucket/mlflow/1/abc/artifacts"))
        .isInstanceOf(HadoopArtifactStore.class);
    assertThat(stores.forUri("abfss://c@account.dfs.core.windows.net/mlflow"))
        .isInstanceOf(HadoopArtifactStore.class);
    assertThat(stores.forUri("dbfs:/databricks/mlflow-tracking/1/abc/artifacts"))
        .isInstanceOf(HadoopArtifactStore.class);
  }
}
