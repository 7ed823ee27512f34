package io.anomalypipe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anomalypipe.common.config.SparkSettings;
import io.anomalypipe.common.features.EventFeatures;
import io.anomalypipe.common.schema.EventFields;
import io.anomalypipe.common.schema.SilverTable;
import io.anomalypipe.common.spark.SparkSessions;
import io.anomalypipe.generator.AnomalyKind;
import io.anomalypipe.generator.ClickstreamSimulator;
import io.anomalypipe.generator.GeneratedRecord;
import io.anomalypipe.generator.GeneratorConfig;
import io.anomalypipe.generator.RecordKind;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * The feature matrix of the scoring benchmark: events of the real generator, made Silver-shaped
 * (valid, late and anomalous events; duplicates and malformed records are what Silver drops), with
 * the features of {@link EventFeatures} computed by Spark, in event-time order.
 *
 * <p>Files, all little-endian so numpy reads them with {@code fromfile}:
 *
 * <ul>
 *   <li>{@code <name>.f64}: rows × features float64, row-major;
 *   <li>{@code <name>.labels}: one byte per row, 0 for a normal event, else 1 + the ordinal of its
 *       {@code AnomalyKind};
 *   <li>{@code <name>.json}: rows, columns and how the matrix was made.
 * </ul>
 *
 * <pre>
 * java ... io.anomalypipe.bench.FeatureMatrixFile .run/bench/forest-matrix 1000000
 * </pre>
 */
public final class FeatureMatrixFile {

  /** Users of the simulation: ~20 events per user and day, as in the feature quality test. */
  static final int USERS = 10_000;

  static final String SPAN = "5d";
  static final long SEED = 2026L;

  /**
   * The generator's label of an event (its AnomalyKind, null if normal), beside Silver's columns.
   */
  private static final String KIND = "anomaly_kind";

  private FeatureMatrixFile() {}

  public static void main(String[] args) throws IOException {
    Path base = Path.of(args[0]);
    int rows = Integer.parseInt(args[1]);
    write(base, rows);
  }

  static void write(Path base, int rows) throws IOException {
    long started = System.nanoTime();
    List<Row> events = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    // About 4% of the generated records are duplicates or malformed: generate a little more.
    long count = (long) (rows * 1.06) + 1_000;
    ObjectMapper json = new ObjectMapper();
    try (ClickstreamSimulator simulator =
        new ClickstreamSimulator(
            GeneratorConfig.fromArgs(
                "--generator.count", Long.toString(count),
                "--generator.users", Integer.toString(USERS),
                "--generator.seed", Long.toString(SEED),
                "--generator.start-time", "2026-03-02T00:00:00Z",
                "--generator.simulated-span", SPAN),
            4)) {
      while (simulator.hasNext()) {
        GeneratedRecord record = simulator.next();
        if (record.kind() == RecordKind.DUPLICATE || record.kind() == RecordKind.MALFORMED) {
          continue;
        }
        String kind = record.kind() == RecordKind.ANOMALY ? record.subkind() : null;
        events.add(silverRow(json.readTree(record.value()), kind, events.size()));
      }
    }
    SparkSession spark =
        SparkSessions.getOrCreate(
            "feature-matrix",
            new SparkSettings(
                Optional.of("local[2]"),
                Map.of("spark.sql.shuffle.partitions", "8", "spark.ui.enabled", "false")));
    List<String> columns = EventFeatures.names();
    Dataset<Row> withFeatures =
        EventFeatures.withFeatures(
                spark.createDataFrame(
                    events, SilverTable.SCHEMA.add(KIND, DataTypes.StringType, true)))
            .orderBy(SilverTable.EVENT_TIME_MILLIS, SilverTable.EVENT_ID)
            .limit(rows);
    Files.createDirectories(base.toAbsolutePath().getParent());
    int written = 0;
    int anomalies = 0;
    ByteBuffer buffer = ByteBuffer.allocate(8 * columns.size()).order(ByteOrder.LITTLE_ENDIAN);
    try (OutputStream matrix =
            new BufferedOutputStream(Files.newOutputStream(suffixed(base, ".f64")), 1 << 20);
        OutputStream labelOut =
            new BufferedOutputStream(Files.newOutputStream(suffixed(base, ".labels")))) {
      int[] indices = EventFeatures.columnIndices(withFeatures.schema());
      int kindIndex = withFeatures.schema().fieldIndex(KIND);
      Iterator<Row> it = withFeatures.toLocalIterator();
      while (it.hasNext()) {
        Row row = it.next();
        buffer.clear();
        for (int index : indices) {
          buffer.putDouble(row.getDouble(index));
        }
        matrix.write(buffer.array());
        String kind = row.isNullAt(kindIndex) ? null : row.getString(kindIndex);
        labelOut.write(kind == null ? 0 : 1 + AnomalyKind.valueOf(kind).ordinal());
        anomalies += kind == null ? 0 : 1;
        written++;
      }
    }
    spark.stop();
    Files.writeString(
        suffixed(base, ".json"),
        String.format(
            "{\"rows\": %d, \"columns\": %s, \"anomalies\": %d, \"generator\": {\"count\": %d,"
                + " \"users\": %d, \"seed\": %d, \"span\": \"%s\"}}%n",
            written,
            columns.stream().map(c -> "\"" + c + "\"").toList(),
            anomalies,
            count,
            USERS,
            SEED,
            SPAN));
    System.out.printf(
        "feature matrix: %d rows x %d features (%d anomalies) in %.1f s -> %s.f64%n",
        written, columns.size(), anomalies, (System.nanoTime() - started) / 1e9, base);
  }

  private static Row silverRow(JsonNode event, String kind, long offset) {
    long millis = event.get(EventFields.TIMESTAMP).longValue();
    Instant time = Instant.ofEpochMilli(millis);
    return RowFactory.create(
        event.get(EventFields.EVENT_ID).textValue(),
        event.get(EventFields.USER_ID).textValue(),
        event.get(EventFields.SESSION_ID).textValue(),
        event.get(EventFields.EVENT_TYPE).textValue(),
        Timestamp.from(time),
        Math.floorDiv(millis, 1000L),
        millis,
        event.get(EventFields.VALUE).doubleValue(),
        event.get(EventFields.PAGE).textValue(),
        event.get(EventFields.DEVICE).textValue(),
        event.get(EventFields.COUNTRY).textValue(),
        Date.valueOf(LocalDate.ofInstant(time, ZoneOffset.UTC)),
        "clickstream-events",
        0,
        offset,
        Timestamp.from(time),
        Timestamp.from(time),
        kind);
  }

  static Path suffixed(Path base, String suffix) {
    return base.resolveSibling(base.getFileName() + suffix);
  }

  /** Reads the {@code .f64} matrix written by {@link #write}: rows × featureCount doubles. */
  static double[] readMatrix(Path base, int featureCount) throws IOException {
    Path file = suffixed(base, ".f64");
    long bytes = Files.size(file);
    if (bytes % (8L * featureCount) != 0) {
      throw new IOException(
          file + " has " + bytes + " bytes, not rows of " + featureCount + " doubles");
    }
    double[] values = new double[(int) (bytes / 8)];
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
      byte[] chunk = new byte[8 * 8192];
      ByteBuffer view = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
      int done = 0;
      while (done < values.length) {
        int n = Math.min(8192, values.length - done);
        in.readFully(chunk, 0, 8 * n);
        view.clear();
        for (int i = 0; i < n; i++) {
          values[done + i] = view.getDouble();
        }
        done += n;
      }
    }
    return values;
  }
}
