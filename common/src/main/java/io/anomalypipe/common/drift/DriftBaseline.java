package io.anomalypipe.common.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the training data looked like, for drift checks: per model feature, and for the anomaly
 * score, the bin edges (quantile cut points of the training values) and the share of training rows
 * in each bin. Training logs it as the run artifact {@link #ARTIFACT_PATH}; the monitor bins the
 * recent Gold rows with the same edges and compares the shares by their population stability index
 * ({@link #psi}).
 *
 * @param features per feature name, in the model's order
 * @param score the anomaly score's distribution on the training rows
 */
public record DriftBaseline(Map<String, Distribution> features, Distribution score) {

  /** Where in the training run's artifacts the baseline is. */
  public static final String ARTIFACT_PATH = "drift/baseline.json";

  /** Quantile bins per distribution: deciles. */
  public static final int BINS = 10;

  /** Shares below this count as this (an empty bin would make the index infinite). */
  static final double MIN_SHARE = 1e-4;

  private static final ObjectMapper JSON = new ObjectMapper();

  public DriftBaseline {
    features = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(features));
  }

  /**
   * One distribution: bin {@code i} holds values {@code v} with {@code edges[i-1] <= v < edges[i]}
   * (the first bin everything below {@code edges[0]}, the last everything from the last edge up),
   * so there are {@code edges.length + 1} shares.
   */
  public record Distribution(double[] edges, double[] shares) {

    public Distribution {
      if (shares.length != edges.length + 1) {
        throw new IllegalArgumentException(
            edges.length + " edges need " + (edges.length + 1) + " shares, not " + shares.length);
      }
      edges = edges.clone();
      shares = shares.clone();
    }

    /** Deciles of {@code values} as edges (ties merged), and the share of values in each bin. */
    public static Distribution of(double[] values) {
      if (values.length == 0) {
        throw new IllegalArgumentException("no values to take a distribution of");
      }
      double[] sorted = values.clone();
      Arrays.sort(sorted);
      double[] edges =
          java.util.stream.IntStream.range(1, BINS)
              .mapToDouble(
                  i -> sorted[(int) Math.min(sorted.length - 1, (long) i * sorted.length / BINS)])
              .distinct()
              .filter(edge -> edge > sorted[0]) // an edge at the minimum leaves its bin empty
              .toArray();
      long[] counts = new long[edges.length + 1];
      for (double value : values) {
        counts[DriftBaseline.bin(edges, value)]++;
      }
      return new Distribution(edges, sharesOf(counts));
    }

    /** The bin of {@code value}: how many edges are at or below it. */
    public int bin(double value) {
      return DriftBaseline.bin(edges, value);
    }

    @Override
    public double[] edges() {
      return edges.clone();
    }

    @Override
    public double[] shares() {
      return shares.clone();
    }
  }

  /** The shares of {@code counts} (all zero for no counts). */
  public static double[] sharesOf(long[] counts) {
    long total = Arrays.stream(counts).sum();
    return Arrays.stream(counts).mapToDouble(c -> total == 0 ? 0.0 : (double) c / total).toArray();
  }

  /**
   * The population stability index of {@code actual} shares against {@code expected} ones: Σ (a −
   * e) · ln(a / e), each share floored at {@link #MIN_SHARE}. 0 means the same distribution; by the
   * usual rule of thumb below 0.1 is stable, 0.1–0.25 a shift worth a look, above 0.25 a real one.
   */
  public static double psi(double[] expected, double[] actual) {
    if (expected.length != actual.length) {
      throw new IllegalArgumentException(
          expected.length + " expected shares against " + actual.length + " actual ones");
    }
    double index = 0;
    for (int i = 0; i < expected.length; i++) {
      double e = Math.max(expected[i], MIN_SHARE);
      double a = Math.max(actual[i], MIN_SHARE);
      index += (a - e) * Math.log(a / e);
    }
    return index;
  }

  /** The baseline of training rows: {@code columns[j]} holds feature {@code names.get(j)}. */
  public static DriftBaseline of(List<String> names, double[][] rows, double[] scores) {
    Map<String, Distribution> features = new LinkedHashMap<>();
    for (int j = 0; j < names.size(); j++) {
      int column = j;
      features.put(
          names.get(j), Distribution.of(Arrays.stream(rows).mapToDouble(r -> r[column]).toArray()));
    }
    return new DriftBaseline(features, Distribution.of(scores));
  }

  public byte[] toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", "anomaly-pipeline drift baseline 1");
    root.put("bins", "quantile");
    ObjectNode featureNodes = root.putObject("features");
    features.forEach((name, distribution) -> write(featureNodes.putObject(name), distribution));
    write(root.putObject("score"), score);
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static DriftBaseline fromJson(byte[] json) {
    try {
      JsonNode root = JSON.readTree(new String(json, StandardCharsets.UTF_8));
      Map<String, Distribution> features = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> fields = root.path("features").fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        features.put(field.getKey(), read(field.getValue()));
      }
      return new DriftBaseline(features, read(root.path("score")));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a drift baseline: " + e.getMessage(), e);
    }
  }

  private static void write(ObjectNode node, Distribution distribution) {
    ArrayNode edges = node.putArray("edges");
    Arrays.stream(distribution.edges).forEach(edges::add);
    ArrayNode shares = node.putArray("shares");
    Arrays.stream(distribution.shares).forEach(shares::add);
  }

  private static Distribution read(JsonNode node) {
    double[] edges = doubles(node.path("edges"));
    double[] shares = doubles(node.path("shares"));
    return new Distribution(edges, shares);
  }

  private static double[] doubles(JsonNode array) {
    if (!array.isArray()) {
      throw new IllegalArgumentException("expected an array, found " + array);
    }
    double[] values = new double[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asDouble();
    }
    return values;
  }

  static int bin(double[] edges, double value) {
    int low = 0;
    int high = edges.length;
    while (low < high) { // first edge above value
      int mid = (low + high) >>> 1;
      if (edges[mid] <= value) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }
}
