package io.anomalypipe.gold.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class ForestCodecTest {
  private static final double[][] DATA = SyntheticData.uniform(1_000, 3, -5, 5, 4L);
  private static final List<String> NAMES = List.of("amount", "latency_ms", "retries");
  private static final CompiledForest FOREST =
      CompiledForest.compile(
          IsolationForestTrainer.fit(
              // Small, because the tampering tests decode once per byte.
              DATA, IsolationForestParams.defaults(6L).withNumTrees(5).withSubsampleSize(32)));
  private static final byte[] ENCODED = ForestCodec.encode(new ScoringModel(FOREST, NAMES));

  @Test
  void roundTripReproducesScoresAndMetadata() {
    ScoringModel decoded = ForestCodec.decode(ENCODED);
    assertThat(decoded.featureNames()).isEqualTo(NAMES);
    CompiledForest forest = decoded.forest();
    assertThat(forest.numTrees()).isEqualTo(5);
    assertThat(forest.subsampleSize()).isEqualTo(32);
    assertThat(forest.featureCount()).isEqualTo(3);
    assertThat(forest.threshold()).isEqualTo(FOREST.threshold());
    double[][] rows = SyntheticData.uniform(1_000, 3, -10, 10, 5L);
    for (double[] row : rows) {
      assertThat(forest.score(row)).isEqualTo(FOREST.score(row));
    }
    // The decoded forest rebuilds the padded layout of block scoring from the stored one.
    double[] decodedScores = new double[rows.length];
    double[] originalScores = new double[rows.length];
    forest.scoreBatch(rows, decodedScores);
    FOREST.scoreBatch(rows, originalScores);
    assertThat(decodedScores).isEqualTo(originalScores);
    assertThat(ForestCodec.encode(decoded)).isEqualTo(ENCODED);
  }

  @Test
  void namesAreOptional() {
    byte[] bytes = ForestCodec.encode(new ScoringModel(FOREST, List.of()));
    assertThat(ForestCodec.decode(bytes).featureNames()).isEmpty();
  }

  @Test
  void sha256HexIsTheStandardDigest() {
    assertThat(ForestCodec.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void wrongMagicIsRefused() {
    byte[] bytes = ENCODED.clone();
    bytes[0] = (byte) 0xAC;
    bytes[1] = (byte) 0xED; // what a Java serialization stream starts with
    assertThatThrownBy(() -> ForestCodec.decode(bytes))
        .isInstanceOf(ForestFormatException.class)
        .hasMessageStartingWith("not a forest model: magic bytes are aced");
  }

  @Test
  void unknownVersionIsRefused() {
    byte[] bytes = ENCODED.clone();
    bytes[7] = 2;
    assertThatThrownBy(() -> ForestCodec.decode(bytes))
        .isInstanceOf(ForestFormatException.class)
        .hasMessage("unsupported forest model format version 2, this reader knows 1");
  }

  @Test
  void everyTruncationIsRefusedWithAFormatException() {
    for (int length = 0; length < ENCODED.length; length++) {
      byte[] truncated = Arrays.copyOf(ENCODED, length);
      assertThatThrownBy(() -> ForestCodec.decode(truncated))
          .isInstanceOf(ForestFormatException.class)
          .hasMessageContaining("truncated");
    }
    assertThatThrownBy(() -> ForestCodec.decode(null)).isInstanceOf(ForestFormatException.class);
  }

  @Test
  void everyFlippedByteIsRefusedWithAFormatException() {
    for (int i = 0; i < ENCODED.length; i++) {
      byte[] tampered = ENCODED.clone();
      tampered[i] ^= 0x5A;
      assertThatThrownBy(() -> ForestCodec.decode(tampered))
          .as("byte %d flipped", i)
          .isInstanceOf(ForestFormatException.class);
    }
  }

  @Test
  void trailingBytesAreRefused() {
    byte[] longer = Arrays.copyOf(ENCODED, ENCODED.length + 1);
    assertThatThrownBy(() -> ForestCodec.decode(longer)).isInstanceOf(ForestFormatException.class);
  }

  /**
   * Structurally wrong content with a valid checksum: the checks behind the CRC must catch it and
   * say what is wrong, never throw an index exception.
   */
  @Test
  void structurallyInvalidContentIsExplainedEvenWithAValidChecksum() {
    assertRefused(
        tree(1, 2, 1, new int[] {0}, new int[] {0}, new double[] {0.5}, new int[] {0}),
        "node 0 has children 0 and 1, outside (0, 1)");
    assertRefused(
        tree(1, 2, 1, new int[] {0}, new int[] {-1}, new double[] {Double.NaN}, new int[] {-1}),
        "node 0 has a non-finite value NaN");
    assertRefused(
        tree(1, 2, 1, new int[] {5}, new int[] {-1}, new double[] {1.0}, new int[] {-1}),
        "root of tree 0 is node 5, outside [0, 1)");
    assertRefused(
        tree(
            1,
            2,
            1,
            new int[] {0},
            new int[] {3, -1, -1},
            new double[] {0, 1, 1},
            new int[] {1, -1, -1}),
        "node 0 splits on feature 3, but there are 1");
    assertRefused(
        tree(1, 2, 0, new int[] {0}, new int[] {-1}, new double[] {1.0}, new int[] {-1}),
        "featureCount must be > 0, got 0");
    assertRefused(
        tree(-1, 2, 1, new int[] {0}, new int[] {-1}, new double[] {1.0}, new int[] {-1}),
        "numTrees must be > 0, got -1");
    // A valid single-leaf tree decodes.
    ScoringModel ok =
        ForestCodec.decode(
            tree(1, 2, 1, new int[] {0}, new int[] {-1}, new double[] {1.0}, new int[] {-1}));
    assertThat(ok.forest().score(new double[] {0.0})).isEqualTo(0.5);
  }

  private static void assertRefused(byte[] bytes, String message) {
    assertThatThrownBy(() -> ForestCodec.decode(bytes))
        .isInstanceOf(ForestFormatException.class)
        .hasMessageContaining(message);
  }

  @Test
  void hugeCountsAreRefusedBeforeAllocating() {
    int[] leaf = {-1};
    assertRefused(
        tree(Integer.MAX_VALUE, 2, 1, 0, new int[] {0}, leaf, new double[] {1.0}, leaf),
        "nodeCount 1 and numTrees 2147483647 need");
    assertRefused(
        tree(1, 2, 1_000_000_000, 1_000_000_000, new int[] {0}, leaf, new double[] {1.0}, leaf),
        "featureNameCount 1000000000 exceeds the");
  }

  private static byte[] tree(
      int numTrees,
      int psi,
      int featureCount,
      int[] roots,
      int[] feature,
      double[] value,
      int[] left) {
    return tree(numTrees, psi, featureCount, 0, roots, feature, value, left);
  }

  /** Hand-written encoding with a correct checksum, to reach the checks after the CRC. */
  private static byte[] tree(
      int numTrees,
      int psi,
      int featureCount,
      int nameCount,
      int[] roots,
      int[] feature,
      double[] value,
      int[] left) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(ForestCodec.MAGIC);
      out.writeInt(ForestCodec.FORMAT_VERSION);
      out.writeInt(numTrees);
      out.writeInt(psi);
      out.writeInt(featureCount);
      // Announced names are not written: the count alone must be refused.
      out.writeInt(nameCount);
      out.writeDouble(0.6);
      out.writeInt(feature.length);
      for (int root : roots) {
        out.writeInt(root);
      }
      for (int i = 0; i < feature.length; i++) {
        out.writeInt(feature[i]);
        out.writeDouble(value[i]);
        out.writeInt(left[i]);
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    byte[] payload = bytes.toByteArray();
    CRC32 crc = new CRC32();
    crc.update(payload);
    return ByteBuffer.allocate(payload.length + 4)
        .put(payload)
        .putInt((int) crc.getValue())
        .array();
  }
}
