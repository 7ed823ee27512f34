package io.anomalypipe.bronze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.to_date;

import io.anomalypipe.common.schema.BronzeTable;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Kafka source rows → {@code bronze_events} rows. Pure: Dataset in, Dataset out. */
public final class BronzeProjection {

  /** The columns of Spark's Kafka source (with {@code includeHeaders=true}) that Bronze keeps. */
  static final List<String> KAFKA_SOURCE_COLUMNS =
      List.of(
          "key", "value", "topic", "partition", "offset", "timestamp", "timestampType", "headers");

  private BronzeProjection() {}

  /**
   * Keeps the record exactly as received — payload bytes unparsed — with its coordinates, and
   * stamps the ingestion time. Fails fast if the input is not a Kafka source read with headers.
   */
  public static Dataset<Row> toBronzeRows(Dataset<Row> kafkaRecords) {
    requireKafkaSourceColumns(kafkaRecords);
    Column ingestedAt = current_timestamp();
    return kafkaRecords.select(
        col("key").as(BronzeTable.KAFKA_KEY),
        col("value").as(BronzeTable.PAYLOAD),
        col("topic").as(BronzeTable.KAFKA_TOPIC),
        col("partition").as(BronzeTable.KAFKA_PARTITION),
        col("offset").as(BronzeTable.KAFKA_OFFSET),
        col("timestamp").as(BronzeTable.KAFKA_TIMESTAMP),
        col("timestampType").as(BronzeTable.KAFKA_TIMESTAMP_TYPE),
        col("headers").as(BronzeTable.KAFKA_HEADERS),
        ingestedAt.as(BronzeTable.INGESTED_AT),
        to_date(ingestedAt).as(BronzeTable.INGEST_DATE));
  }

  static void requireKafkaSourceColumns(Dataset<Row> kafkaRecords) {
    List<String> present = Arrays.asList(kafkaRecords.columns());
    List<String> missing = KAFKA_SOURCE_COLUMNS.stream().filter(c -> !present.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "Bronze expects the columns of Spark's Kafka source read with includeHeaders=true; missing "
              + missing
              + " in "
              + present);
    }
  }
}
