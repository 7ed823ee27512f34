package io.anomalypipe.gold.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Reads and writes a {@link ScoringModel} in a binary format of our own. Java serialization is not
 * used: deserialising downloaded bytes can run arbitrary code, while this reader only ever builds
 * arrays and checks them.
 *
 * <p>Format version 1, big-endian ({@link DataOutputStream}):
 *
 * <pre>
 * bytes[4]  magic "AIFM" (Anomaly Isolation Forest Model)
 * int       format version = 1
 * int       numTrees          (&gt; 0)
 * int       subsampleSize ψ   (&ge; 2)
 * int       featureCount      (&gt; 0)
 * int       featureNameCount  (0 or featureCount), then that many modified-UTF-8 strings (writeUTF)
 * double    threshold         (finite)
 * int       nodeCount         (&ge; numTrees)
 * int[numTrees]    roots      first node of each tree
 * nodeCount times: int feature (-1 = leaf, else in [0, featureCount)),
 *                  double value (split threshold, or leaf path length depth + c(size); finite),
 *                  int left (-1 for a leaf, else the left child; the right child is left + 1)
 * int       CRC-32 of every preceding byte
 * </pre>
 *
 * The reader checks all of it, including that children come after their parent (so every walk ends)
 * and that no bytes follow the checksum; any violation is a {@link ForestFormatException} saying
 * what is wrong.
 */
public final class ForestCodec {
  static final byte[] MAGIC = {'A', 'I', 'F', 'M'};
  public static final int FORMAT_VERSION = 1;
  private static final int CHECKSUM_BYTES = 4;
  private static final int NODE_BYTES = 4 + 8 + 4;

  private ForestCodec() {}

  public static byte[] encode(ScoringModel model) {
    CompiledForest forest = model.forest();
    if (!Double.isFinite(forest.threshold())) {
      throw new IllegalArgumentException(
          "cannot encode a forest without a finite threshold, got " + forest.threshold());
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + forest.nodeCount() * NODE_BYTES);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(MAGIC);
      out.writeInt(FORMAT_VERSION);
      out.writeInt(forest.numTrees());
      out.writeInt(forest.subsampleSize());
      out.writeInt(forest.featureCount());
      out.writeInt(model.featureNames().size());
      for (String name : model.featureNames()) {
        out.writeUTF(name);
      }
      out.writeDouble(forest.threshold());
      out.writeInt(forest.nodeCount());
      for (int root : forest.roots()) {
        out.writeInt(root);
      }
      for (int i = 0; i < forest.nodeCount(); i++) {
        out.writeInt(forest.feature()[i]);
        out.writeDouble(forest.value()[i]);
        out.writeInt(forest.left()[i]);
      }
      out.flush();
      CRC32 crc = new CRC32();
      crc.update(bytes.toByteArray());
      out.writeInt((int) crc.getValue());
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  public static ScoringModel decode(byte[] bytes) {
    checkHeader(bytes);
    checkChecksum(bytes);
    try (DataInputStream in =
        new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - CHECKSUM_BYTES))) {
      in.skipNBytes(MAGIC.length + 4);
      int numTrees = in.readInt();
      require(numTrees > 0, "numTrees must be > 0, got " + numTrees);
      int subsampleSize = in.readInt();
      require(subsampleSize >= 2, "subsampleSize must be >= 2, got " + subsampleSize);
      int featureCount = in.readInt();
      require(featureCount > 0, "featureCount must be > 0, got " + featureCount);
      int nameCount = in.readInt();
      require(
          nameCount == 0 || nameCount == featureCount,
          "featureNameCount must be 0 or featureCount " + featureCount + ", got " + nameCount);
      // Each name takes at least its 2-byte length: bound the count before allocating for it.
      require(
          2L * nameCount <= in.available(),
          "featureNameCount " + nameCount + " exceeds the " + in.available() + " bytes left");
      List<String> names = new ArrayList<>(nameCount);
      for (int i = 0; i < nameCount; i++) {
        names.add(in.readUTF());
      }
      double threshold = in.readDouble();
      require(Double.isFinite(threshold), "threshold must be finite, got " + threshold);
      int nodeCount = in.readInt();
      // Bound the allocation by the bytes actually present before trusting the count.
      long bytesNeeded = 4L * numTrees + (long) NODE_BYTES * nodeCount;
      require(
          nodeCount >= numTrees && bytesNeeded == in.available(),
          "nodeCount "
              + nodeCount
              + " and numTrees "
              + numTrees
              + " need "
              + bytesNeeded
              + " more bytes, found "
              + in.available());
      int[] roots = new int[numTrees];
      for (int t = 0; t < numTrees; t++) {
        roots[t] = in.readInt();
        require(
            roots[t] >= 0 && roots[t] < nodeCount,
            "root of tree " + t + " is node " + roots[t] + ", outside [0, " + nodeCount + ")");
      }
      int[] feature = new int[nodeCount];
      double[] value = new double[nodeCount];
      int[] left = new int[nodeCount];
      for (int i = 0; i < nodeCount; i++) {
        feature[i] = in.readInt();
        value[i] = in.readDouble();
        left[i] = in.readInt();
        checkNode(i, feature[i], value[i], left[i], featureCount, nodeCount);
      }
      CompiledForest forest =
          new CompiledForest(subsampleSize, featureCount, threshold, roots, feature, value, left);
      return new ScoringModel(forest, names);
    } catch (EOFException e) {
      throw new ForestFormatException("forest model is truncated");
    } catch (IOException e) {
      throw new ForestFormatException("forest model is unreadable: " + e.getMessage());
    }
  }

  private static void checkHeader(byte[] bytes) {
    if (bytes == null || bytes.length < MAGIC.length + 4) {
      throw new ForestFormatException(
          "forest model is truncated: "
              + (bytes == null ? "no bytes" : bytes.length + " bytes")
              + ", the header alone takes "
              + (MAGIC.length + 4));
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (bytes[i] != MAGIC[i]) {
        throw new ForestFormatException(
            "not a forest model: magic bytes are "
                + HexFormat.of().formatHex(bytes, 0, MAGIC.length)
                + ", expected "
                + HexFormat.of().formatHex(MAGIC)
                + " (\""
                + new String(MAGIC, StandardCharsets.US_ASCII)
                + "\")");
      }
    }
    int version =
        ((bytes[4] & 0xff) << 24)
            | ((bytes[5] & 0xff) << 16)
            | ((bytes[6] & 0xff) << 8)
            | (bytes[7] & 0xff);
    if (version != FORMAT_VERSION) {
      throw new ForestFormatException(
          "unsupported forest model format version " + version + ", this reader knows 1");
    }
  }

  private static void checkChecksum(byte[] bytes) {
    if (bytes.length < MAGIC.length + 4 + CHECKSUM_BYTES) {
      throw new ForestFormatException("forest model is truncated: no room for its checksum");
    }
    int payloadLength = bytes.length - CHECKSUM_BYTES;
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, payloadLength);
    int stored =
        ((bytes[payloadLength] & 0xff) << 24)
            | ((bytes[payloadLength + 1] & 0xff) << 16)
            | ((bytes[payloadLength + 2] & 0xff) << 8)
            | (bytes[payloadLength + 3] & 0xff);
    if (stored != (int) crc.getValue()) {
      throw new ForestFormatException(
          "forest model is corrupt or truncated: CRC-32 mismatch (stored "
              + Integer.toHexString(stored)
              + ", computed "
              + Long.toHexString(crc.getValue())
              + ")");
    }
  }

  private static void checkNode(
      int i, int feature, double value, int left, int featureCount, int nodeCount) {
    require(Double.isFinite(value), "node " + i + " has a non-finite value " + value);
    if (feature < 0) {
      require(feature == -1, "node " + i + " has feature " + feature + ", expected -1 or >= 0");
      require(left == -1, "leaf node " + i + " has a child index " + left + ", expected -1");
      require(value >= 0.0, "leaf node " + i + " has a negative path length " + value);
    } else {
      require(
          feature < featureCount,
          "node " + i + " splits on feature " + feature + ", but there are " + featureCount);
      require(
          left > i && left + 1 < nodeCount,
          "node "
              + i
              + " has children "
              + left
              + " and "
              + (left + 1L)
              + ", outside ("
              + i
              + ", "
              + nodeCount
              + ")");
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new ForestFormatException("invalid forest model: " + message);
    }
  }

  /** Lower-case hex SHA-256 of {@code bytes}, to record and verify model artifacts. */
  public static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
