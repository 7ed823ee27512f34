package io.anomalypipe.silver;

import io.anomalypipe.common.schema.BronzeTable;
import io.anomalypipe.generator.SentRecord;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** Rows of {@code bronze_events} made in memory, for tests that do not need Kafka. */
final class BronzeRows {

  static final String TOPIC = "events";

  private BronzeRows() {}

  /** One Bronze row: payload at (TOPIC, partition, offset), received at {@code kafkaTime}. */
  static Row row(byte[] payload, int partition, long offset, Instant kafkaTime) {
    Instant ingestedAt = kafkaTime.plusSeconds(1);
    return RowFactory.create(
        "key".getBytes(StandardCharsets.UTF_8),
        payload,
        TOPIC,
        partition,
        offset,
        Timestamp.from(kafkaTime),
        0,
        new Row[0],
        Timestamp.from(ingestedAt),
        Date.valueOf(LocalDate.ofInstant(ingestedAt, ZoneOffset.UTC)));
  }

  static Row row(String payload, int partition, long offset, Instant kafkaTime) {
    return row(payload.getBytes(StandardCharsets.UTF_8), partition, offset, kafkaTime);
  }

  static Dataset<Row> of(SparkSession spark, List<Row> rows) {
    return spark.createDataFrame(rows, BronzeTable.SCHEMA);
  }

  /** The Bronze rows of records the generator sent, all received at {@code kafkaTime}. */
  static Dataset<Row> of(SparkSession spark, List<SentRecord> sent, Instant kafkaTime) {
    return of(
        spark,
        sent.stream().map(r -> row(r.value(), r.partition(), r.offset(), kafkaTime)).toList());
  }
}
