package io.anomalypipe.common.mlflow.artifacts;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** What every {@link ArtifactStore} does; each implementation's test supplies a fresh store. */
abstract class ArtifactStoreContract {

  /** An empty store, rooted at a location no other test uses. */
  abstract ArtifactStore newStore() throws Exception;

  @Test
  void aFileWrittenIsReadBackByteForByte() throws Exception {
    ArtifactStore store = newStore();
    byte[] content = new byte[3 * 1024 * 1024 + 17];
    new Random(7).nextBytes(content);

    store.write("model/forest.bin", content);

    assertThat(store.read("model/forest.bin")).isEqualTo(content);
  }

  @Test
  void writingAgainReplacesTheFile() throws Exception {
    ArtifactStore store = newStore();
    store.write("model/MLmodel", "first version, longer".getBytes(UTF_8));

    store.write("model/MLmodel", "second".getBytes(UTF_8));

    assertThat(new String(store.read("model/MLmodel"), UTF_8)).isEqualTo("second");
  }

  @Test
  void listingShowsFilesAndFoldersRelativeToTheRoot() throws Exception {
    ArtifactStore store = newStore();
    store.write("model/MLmodel", "m".getBytes(UTF_8));
    store.write("model/data file.bin", "12345".getBytes(UTF_8));
    store.write("notes.txt", "n".getBytes(UTF_8));

    assertThat(store.list("model"))
        .containsExactlyInAnyOrder(
            new ArtifactFile("model/MLmodel", false, 1),
            new ArtifactFile("model/data file.bin", false, 5));
    assertThat(store.list(""))
        .containsExactlyInAnyOrder(
            new ArtifactFile("model", true, -1), new ArtifactFile("notes.txt", false, 1));
    assertThat(store.list("nothing-here")).isEmpty();
  }

  @Test
  void aMissingFileIsNotFoundNamingItsLocation() throws Exception {
    ArtifactStore store = newStore();

    assertThatThrownBy(() -> store.read("model/absent.bin"))
        .isInstanceOf(ArtifactNotFoundException.class)
        .hasMessageStartingWith("artifact not found: ")
        .hasMessageContaining("model/absent.bin");
  }

  @Test
  void pathsCannotLeaveTheRoot() throws Exception {
    ArtifactStore store = newStore();

    assertThatThrownBy(() -> store.write("../escape.txt", new byte[1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'..' segments are not allowed");
  }
}
