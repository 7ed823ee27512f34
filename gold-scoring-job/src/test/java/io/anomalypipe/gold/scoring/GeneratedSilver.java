package io.anomalypipe.gold.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anomalypipe.common.schema.EventFields;
import io.anomalypipe.common.schema.SilverTable;
import io.anomalypipe.generator.ClickstreamSimulator;
import io.anomalypipe.generator.GeneratedRecord;
import io.anomalypipe.generator.GeneratorConfig;
import io.anomalypipe.generator.RecordKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The event generator's output as Silver holds it: one {@code silver_events} row per well-formed
 * event (valid, late or anomalous; duplicates and malformed records are what Silver drops), in
 * event-time order, with the generator's label of each anomaly. (The same idea as the feature
 * quality test's helper on the features branch; one of the two goes when they meet.)
 *
 * @param rows rows of {@link SilverTable#SCHEMA}, ordered by event time
 * @param anomalyKindByEventId the {@code AnomalyKind} name of each labelled anomaly's event_id
 */
record GeneratedSilver(List<Row> rows, Map<String, String> anomalyKindByEventId) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int EVENT_TIME_MILLIS =
      SilverTable.SCHEMA.fieldIndex(SilverTable.EVENT_TIME_MILLIS);
  private static final int EVENT_DATE = SilverTable.SCHEMA.fieldIndex(SilverTable.EVENT_DATE);

  /**
   * A few thousand events over three days (2026-11-19 to 2026-11-21) by a couple of hundred users:
   * small enough for a test, with about 1% labelled anomalies of each kind.
   */
  static GeneratedSilver threeDays(int count, long seed) {
    return simulate(
        "--generator.count", Integer.toString(count),
        "--generator.users", "150",
        "--generator.seed", Long.toString(seed),
        "--generator.start-time", "2026-11-19T00:00:00Z",
        "--generator.simulated-span", "3d",
        "--generator.anomaly-rate", "0.01");
  }

  /** Simulates with the given generator flags ({@code --generator.count 1000 ...}). */
  static GeneratedSilver simulate(String... generatorFlags) {
    List<Row> rows = new ArrayList<>();
    Map<String, String> labels = new HashMap<>();
    Map<String, Boolean> seen = new HashMap<>();
    Instant ingested = Instant.parse("2026-12-01T00:00:00Z");
    try (ClickstreamSimulator simulator =
        new ClickstreamSimulator(GeneratorConfig.fromArgs(generatorFlags), 4)) {
      long offset = 0;
      while (simulator.hasNext()) {
        GeneratedRecord record = simulator.next();
        offset++;
        if (record.kind() == RecordKind.DUPLICATE
            || record.kind() == RecordKind.MALFORMED
            || seen.put(record.eventId(), true) != null) {
          continue;
        }
        rows.add(silverRow(record.value(), offset, ingested));
        if (record.kind() == RecordKind.ANOMALY) {
          labels.put(record.eventId(), record.subkind());
        }
      }
    }
    rows.sort(Comparator.comparingLong(row -> row.getLong(EVENT_TIME_MILLIS)));
    return new GeneratedSilver(List.copyOf(rows), Map.copyOf(labels));
  }

  /** The rows whose event time is before {@code instant}, and the others. */
  List<Row> before(Instant instant) {
    return select(row -> row.getLong(EVENT_TIME_MILLIS) < instant.toEpochMilli());
  }

  List<Row> notBefore(Instant instant) {
    return select(row -> row.getLong(EVENT_TIME_MILLIS) >= instant.toEpochMilli());
  }

  /** The rows of one event date. */
  List<Row> on(LocalDate date) {
    return select(row -> row.getDate(EVENT_DATE).toLocalDate().equals(date));
  }

  private List<Row> select(Predicate<Row> predicate) {
    return rows.stream().filter(predicate).toList();
  }

  /**
   * Appends {@code rows} to the Silver table at {@code path} (created if missing) in one commit,
   * one file per event date (so tests know how many files, hence micro-batches, a commit makes).
   */
  static void append(SparkSession spark, String path, List<Row> rows) {
    SilverTable.DEFINITION.createIfNotExists(spark, path);
    spark
        .createDataFrame(rows, SilverTable.SCHEMA)
        .coalesce(1)
        .write()
        .format("delta")
        .mode(SaveMode.Append)
        .save(path);
  }

  /** Appends {@code rows} in {@code commits} commits of consecutive event time. */
  static void appendInCommits(SparkSession spark, String path, List<Row> rows, int commits) {
    int size = (rows.size() + commits - 1) / commits;
    for (int from = 0; from < rows.size(); from += size) {
      append(spark, path, rows.subList(from, Math.min(rows.size(), from + size)));
    }
  }

  private static Row silverRow(byte[] payload, long offset, Instant ingested) {
    JsonNode event;
    try {
      event = JSON.readTree(payload);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
        text(event, EventFields.PAGE),
        text(event, EventFields.DEVICE),
        text(event, EventFields.COUNTRY),
        Date.valueOf(LocalDate.ofInstant(time, ZoneOffset.UTC)),
        "clickstream-events",
        (int) (offset % 4),
        offset,
        Timestamp.from(ingested),
        Timestamp.from(ingested));
  }

  private static String text(JsonNode event, String field) {
    JsonNode value = event.get(field);
    return value == null || value.isNull() ? null : value.textValue();
  }
}
