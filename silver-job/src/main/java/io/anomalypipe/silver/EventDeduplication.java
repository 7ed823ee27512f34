package io.anomalypipe.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import io.anomalypipe.common.schema.BronzeTable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/** Keeps one row per event within a micro-batch. Pure. */
public final class EventDeduplication {

  private static final String RANK = "_rank_in_event";

  private EventDeduplication() {}

  /**
   * One row per {@code eventId}: the copy Kafka received first (earliest Kafka timestamp), ties
   * broken by (topic, partition, offset). Those coordinates are unique, so the order is total and a
   * replayed batch keeps the same row as the first attempt: the choice never depends on how Spark
   * happened to split the batch.
   *
   * @param rows Bronze-derived rows (with the Bronze coordinate columns)
   * @param eventId the column that identifies an event
   */
  public static Dataset<Row> keepFirstPerEvent(Dataset<Row> rows, Column eventId) {
    return rows.withColumn(
            RANK,
            row_number()
                .over(
                    Window.partitionBy(eventId)
                        .orderBy(
                            col(BronzeTable.KAFKA_TIMESTAMP).asc_nulls_last(),
                            col(BronzeTable.KAFKA_TOPIC).asc(),
                            col(BronzeTable.KAFKA_PARTITION).asc(),
                            col(BronzeTable.KAFKA_OFFSET).asc())))
        .where(col(RANK).equalTo(1))
        .drop(RANK);
  }
}
