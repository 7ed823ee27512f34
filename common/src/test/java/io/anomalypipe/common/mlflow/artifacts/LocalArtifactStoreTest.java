package io.anomalypipe.common.mlflow.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalArtifactStoreTest extends ArtifactStoreContract {

  @TempDir Path dir;
  private int stores;

  @Override
  ArtifactStore newStore() {
    return new LocalArtifactStore(dir.resolve("store-" + stores++).toUri().toString());
  }

  @Test
  void plainPathsAndFileUrisReachTheSameFolder() throws Exception {
    new LocalArtifactStore(dir.toString()).write("a/b.txt", new byte[] {42});

    assertThat(new LocalArtifactStore("file://" + dir).read("a/b.txt")).containsExactly(42);
    assertThat(Files.list(dir.resolve("a")).map(Path::getFileName).map(Path::toString))
        .containsExactly("b.txt"); // no temporary file left behind
  }

  @Test
  void theFactoryChoosesTheStoreByScheme() {
    ArtifactStores stores = new ArtifactStores(null, Optional.empty());

    assertThat(stores.forUri("file://" + dir)).isInstanceOf(LocalArtifactStore.class);
    assertThat(stores.forUri(dir.toString())).isInstanceOf(LocalArtifactStore.class);
    assertThat(stores.forUri("mlflow-artifacts:/1/abc/artifacts"))
        .isInstanceOf(ProxyArtifactStore.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> stores.forUri("dbfs:/databricks/mlflow-tracking/1/abc/artifacts"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "artifact location dbfs:/databricks/mlflow-tracking/1/abc/artifacts needs a Hadoop"
                + " file system: open the MLflow connection with Spark's Hadoop configuration");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> stores.forUri("runs:/abc/model"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is a model reference, not a storage location");
  }
}
