package io.anomalypipe.common.schema;

import io.anomalypipe.common.spark.DeltaTableDefinition;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code bronze_events} table: every Kafka record exactly as received, with its coordinates.
 * The payload is never parsed here; Silver does that. (topic, partition, offset) identifies a row.
 */
public final class BronzeTable {
  public static final String KAFKA_KEY = "kafka_key";
  public static final String PAYLOAD = "payload";
  public static final String KAFKA_TOPIC = "kafka_topic";
  public static final String KAFKA_PARTITION = "kafka_partition";
  public static final String KAFKA_OFFSET = "kafka_offset";
  public static final String KAFKA_TIMESTAMP = "kafka_timestamp";
  public static final String KAFKA_TIMESTAMP_TYPE = "kafka_timestamp_type";
  public static final String KAFKA_HEADERS = "kafka_headers";
  public static final String INGESTED_AT = "ingested_at";

  /** Partition column: the UTC date the record was ingested. */
  public static final String INGEST_DATE = "ingest_date";

  /** Kafka record headers as the Spark Kafka source gives them. */
  public static final DataType HEADERS_TYPE =
      DataTypes.createArrayType(
          new StructType()
              .add("key", DataTypes.StringType, true)
              .add("value", DataTypes.BinaryType, true),
          true);

  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            field(KAFKA_KEY, DataTypes.BinaryType, true),
            field(PAYLOAD, DataTypes.BinaryType, true),
            field(KAFKA_TOPIC, DataTypes.StringType, false),
            field(KAFKA_PARTITION, DataTypes.IntegerType, false),
            field(KAFKA_OFFSET, DataTypes.LongType, false),
            field(KAFKA_TIMESTAMP, DataTypes.TimestampType, true),
            field(KAFKA_TIMESTAMP_TYPE, DataTypes.IntegerType, true),
            field(KAFKA_HEADERS, HEADERS_TYPE, true),
            field(INGESTED_AT, DataTypes.TimestampType, false),
            field(INGEST_DATE, DataTypes.DateType, false)
          });

  /**
   * Append-only: Delta itself rejects updates and deletes, so what Kafka delivered stays as it was
   * (retention clean-up must lift {@code delta.appendOnly} deliberately).
   */
  public static final DeltaTableDefinition DEFINITION =
      new DeltaTableDefinition(
          Tables.BRONZE_EVENTS, SCHEMA, List.of(INGEST_DATE), Map.of("delta.appendOnly", "true"));

  private BronzeTable() {}

  private static StructField field(String name, DataType type, boolean nullable) {
    return new StructField(name, type, nullable, Metadata.empty());
  }
}
