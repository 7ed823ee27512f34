package io.anomalypipe.common.features;

import io.anomalypipe.common.schema.SilverTable;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** Hand-made rows of {@code silver_events} (full schema), built up one event at a time. */
final class SilverEvents {

  static final Instant T0 = Instant.parse("2026-01-05T08:00:00Z");

  private final List<Row> rows = new ArrayList<>();

  /** An event at {@code millis} after {@link #T0}. */
  SilverEvents add(
      String eventId,
      String userId,
      String sessionId,
      String eventType,
      long millis,
      double value,
      String country) {
    return addAt(eventId, userId, sessionId, eventType, T0.toEpochMilli() + millis, value, country);
  }

  /** An event at the epoch milliseconds {@code eventTimeMillis}. */
  SilverEvents addAt(
      String eventId,
      String userId,
      String sessionId,
      String eventType,
      long eventTimeMillis,
      double value,
      String country) {
    Instant time = Instant.ofEpochMilli(eventTimeMillis);
    rows.add(
        RowFactory.create(
            eventId,
            userId,
            sessionId,
            eventType,
            Timestamp.from(time),
            Math.floorDiv(eventTimeMillis, 1000L),
            eventTimeMillis,
            value,
            "/p",
            "desktop",
            country,
            Date.valueOf(LocalDate.ofInstant(time, ZoneOffset.UTC)),
            "events",
            0,
            (long) rows.size(),
            Timestamp.from(time),
            Timestamp.from(time)));
    return this;
  }

  List<Row> rows() {
    return rows;
  }

  Dataset<Row> toDataset(SparkSession spark) {
    return spark.createDataFrame(rows, SilverTable.SCHEMA);
  }
}
