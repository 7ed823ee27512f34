package io.anomalypipe.bronze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.anomalypipe.common.schema.BronzeTable;
import io.anomalypipe.common.testing.SparkTestSession;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BronzeProjectionTest {

  @RegisterExtension static final SparkTestSession SPARK = new SparkTestSession();

  /** The schema of Spark's Kafka source with includeHeaders=true. */
  static final StructType KAFKA_SOURCE_SCHEMA =
      new StructType()
          .add("key", DataTypes.BinaryType)
          .add("value", DataTypes.BinaryType)
          .add("topic", DataTypes.StringType)
          .add("partition", DataTypes.IntegerType)
          .add("offset", DataTypes.LongType)
          .add("timestamp", DataTypes.TimestampType)
          .add("timestampType", DataTypes.IntegerType)
          .add("headers", BronzeTable.HEADERS_TYPE);

  @Test
  void keepsPayloadBytesAndCoordinatesAsReceived() {
    byte[] notUtf8 = {(byte) 0xC3, (byte) 0x28, 0x7B};
    Row header = RowFactory.create("trace", "abc".getBytes(StandardCharsets.UTF_8));
    Dataset<Row> kafka =
        SPARK
            .session()
            .createDataFrame(
                List.of(
                    RowFactory.create(
                        "u1".getBytes(StandardCharsets.UTF_8),
                        notUtf8,
                        "events",
                        3,
                        42L,
                        Timestamp.valueOf("2026-11-25 10:00:00"),
                        0,
                        List.of(header).toArray())),
                KAFKA_SOURCE_SCHEMA);

    Dataset<Row> bronze = BronzeProjection.toBronzeRows(kafka);
    Row row = bronze.collectAsList().get(0);

    assertThat(bronze.columns()).containsExactly(BronzeTable.SCHEMA.fieldNames());
    assertThat((byte[]) row.getAs(BronzeTable.PAYLOAD)).isEqualTo(notUtf8);
    assertThat((byte[]) row.getAs(BronzeTable.KAFKA_KEY)).isEqualTo("u1".getBytes());
    assertThat(row.<String>getAs(BronzeTable.KAFKA_TOPIC)).isEqualTo("events");
    assertThat(row.<Integer>getAs(BronzeTable.KAFKA_PARTITION)).isEqualTo(3);
    assertThat(row.<Long>getAs(BronzeTable.KAFKA_OFFSET)).isEqualTo(42L);
    List<Row> headers = row.getList(row.fieldIndex(BronzeTable.KAFKA_HEADERS));
    assertThat(headers).hasSize(1);
    assertThat(headers.get(0).getString(0)).isEqualTo("trace");
    assertThat((byte[]) headers.get(0).get(1)).isEqualTo("abc".getBytes(StandardCharsets.UTF_8));
    assertThat(row.<Timestamp>getAs(BronzeTable.INGESTED_AT)).isNotNull();
    assertThat(row.getAs(BronzeTable.INGEST_DATE).toString())
        .isEqualTo(
            row.<Timestamp>getAs(BronzeTable.INGESTED_AT).toInstant().toString().substring(0, 10));
  }

  @Test
  void rejectsInputThatIsNotAKafkaSourceWithHeaders() {
    Dataset<Row> withoutHeaders =
        SPARK.session().createDataFrame(List.of(), KAFKA_SOURCE_SCHEMA).drop("headers");

    assertThatThrownBy(() -> BronzeProjection.toBronzeRows(withoutHeaders))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing [headers]");
  }
}
