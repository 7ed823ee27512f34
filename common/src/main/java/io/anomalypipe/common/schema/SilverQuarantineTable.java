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
 * The {@code silver_quarantine} table: every Bronze record that broke at least one Silver
 * validation rule, with the names of all the rules it broke, its raw payload and its Kafka
 * coordinates. (topic, partition, offset) identifies a row.
 */
public final class SilverQuarantineTable {
  /** The payload exactly as Bronze holds it. */
  public static final String PAYLOAD = BronzeTable.PAYLOAD;

  public static final String KAFKA_KEY = BronzeTable.KAFKA_KEY;
  public static final String KAFKA_TOPIC = BronzeTable.KAFKA_TOPIC;
  public static final String KAFKA_PARTITION = BronzeTable.KAFKA_PARTITION;
  public static final String KAFKA_OFFSET = BronzeTable.KAFKA_OFFSET;
  public static final String KAFKA_TIMESTAMP = BronzeTable.KAFKA_TIMESTAMP;

  /** Names of the rules the record broke (never empty). */
  public static final String FAILED_RULES = "failed_rules";

  /** The first 200 characters of the payload decoded as UTF-8, for people reading the table. */
  public static final String PAYLOAD_PREVIEW = "payload_preview";

  public static final int PREVIEW_CHARS = 200;

  public static final String QUARANTINED_AT = "quarantined_at";

  /** Partition column: the UTC date of {@code quarantined_at}. */
  public static final String QUARANTINE_DATE = "quarantine_date";

  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            field(PAYLOAD, DataTypes.BinaryType, true),
            field(KAFKA_KEY, DataTypes.BinaryType, true),
            field(KAFKA_TOPIC, DataTypes.StringType, false),
            field(KAFKA_PARTITION, DataTypes.IntegerType, false),
            field(KAFKA_OFFSET, DataTypes.LongType, false),
            field(KAFKA_TIMESTAMP, DataTypes.TimestampType, true),
            field(FAILED_RULES, DataTypes.createArrayType(DataTypes.StringType), false),
            field(PAYLOAD_PREVIEW, DataTypes.StringType, true),
            field(QUARANTINED_AT, DataTypes.TimestampType, false),
            field(QUARANTINE_DATE, DataTypes.DateType, false)
          });

  /**
   * Append-only: the quarantine is the trace of what Silver refused, so Delta itself rejects
   * updates and deletes (retention clean-up must lift {@code delta.appendOnly} deliberately).
   */
  public static final DeltaTableDefinition DEFINITION =
      new DeltaTableDefinition(
          Tables.SILVER_QUARANTINE,
          SCHEMA,
          List.of(QUARANTINE_DATE),
          Map.of("delta.appendOnly", "true"));

  private SilverQuarantineTable() {}

  private static StructField field(String name, DataType type, boolean nullable) {
    return new StructField(name, type, nullable, Metadata.empty());
  }
}
