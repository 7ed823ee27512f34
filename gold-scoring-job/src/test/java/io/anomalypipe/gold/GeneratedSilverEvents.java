package io.anomalypipe.gold;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The event generator's output as Silver would hold it: one {@code silver_events} row per
 * well-formed event (valid, late or anomalous; duplicates and malformed records are what Silver
 * drops), with the generator's label of each event.
 *
 * @param rows rows of {@link SilverTable#SCHEMA}
 * @param anomalyKindByEventId the {@code AnomalyKind} name of each labelled anomaly's event_id
 */
public record GeneratedSilverEvents(List<Row> rows, Map<String, String> anomalyKindByEventId) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Simulates with the given generator flags ({@code --generator.count 1000 ...}). */
  public static GeneratedSilverEvents simulate(String... generatorFlags) {
    List<Row> rows = new ArrayList<>();
    Map<String, String> labels = new HashMap<>();
    Instant ingested = Instant.parse("2030-01-01T00:00:00Z");
    try (ClickstreamSimulator simulator =
        new ClickstreamSimulator(GeneratorConfig.fromArgs(generatorFlags), 4)) {
      long offset = 0;
      while (simulator.hasNext()) {
        GeneratedRecord record = simulator.next();
        offset++;
        if (record.kind() == RecordKind.DUPLICATE || record.kind() == RecordKind.MALFORMED) {
          continue;
        }
        rows.add(silverRow(record.value(), offset, ingested));
        if (record.kind() == RecordKind.ANOMALY) {
          labels.put(record.eventId(), record.subkind());
        }
      }
    }
    return new GeneratedSilverEvents(rows, labels);
  }

  public Dataset<Row> toDataset(SparkSession spark) {
    return spark.createDataFrame(rows, SilverTable.SCHEMA);
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
        event.get(EventFields.PAGE).textValue(),
        event.get(EventFields.DEVICE).textValue(),
        event.get(EventFields.COUNTRY).textValue(),
        Date.valueOf(LocalDate.ofInstant(time, ZoneOffset.UTC)),
        "clickstream-events",
        0,
        offset,
        Timestamp.from(ingested),
        Timestamp.from(ingested));
  }
}
