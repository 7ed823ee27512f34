package io.anomalypipe.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.substring;

import io.anomalypipe.common.schema.BronzeTable;
import io.anomalypipe.common.schema.SilverQuarantineTable;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Classified rows that broke a rule → {@code silver_quarantine} rows. Pure. */
public final class QuarantineProjection {

  private QuarantineProjection() {}

  /**
   * The record as Bronze holds it (payload bytes, key, coordinates, Kafka timestamp), the rules it
   * broke, and a readable preview of the payload.
   *
   * @param invalidRows rows of {@link SilverValidationRules#classify} that broke a rule
   * @param quarantinedAt the time of the micro-batch, the same for all its rows
   */
  public static Dataset<Row> toQuarantineRows(Dataset<Row> invalidRows, Instant quarantinedAt) {
    LocalDate quarantineDate = LocalDate.ofInstant(quarantinedAt, ZoneOffset.UTC);
    return invalidRows.select(
        col(BronzeTable.PAYLOAD).as(SilverQuarantineTable.PAYLOAD),
        col(BronzeTable.KAFKA_KEY).as(SilverQuarantineTable.KAFKA_KEY),
        col(BronzeTable.KAFKA_TOPIC).as(SilverQuarantineTable.KAFKA_TOPIC),
        col(BronzeTable.KAFKA_PARTITION).as(SilverQuarantineTable.KAFKA_PARTITION),
        col(BronzeTable.KAFKA_OFFSET).as(SilverQuarantineTable.KAFKA_OFFSET),
        col(BronzeTable.KAFKA_TIMESTAMP).as(SilverQuarantineTable.KAFKA_TIMESTAMP),
        col(SilverValidationRules.FAILED_RULES).as(SilverQuarantineTable.FAILED_RULES),
        substring(col(PayloadParser.PAYLOAD_TEXT), 1, SilverQuarantineTable.PREVIEW_CHARS)
            .as(SilverQuarantineTable.PAYLOAD_PREVIEW),
        lit(Timestamp.from(quarantinedAt)).as(SilverQuarantineTable.QUARANTINED_AT),
        lit(quarantineDate).as(SilverQuarantineTable.QUARANTINE_DATE));
  }
}
