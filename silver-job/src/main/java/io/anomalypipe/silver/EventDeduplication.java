package io.anomalypipe.silver;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import io.anomalypipe.common.schema.BronzeTable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/** Picks one row per event within a micro-batch. Pure. */
public final class EventDeduplication {

  /** The boolean column {@link #markFirstPerEvent} adds: true for the copy of an event to keep. */
  public static final String FIRST_OF_EVENT = "_first_of_event";

  private static final String RANK = "_rank_in_event";

  private EventDeduplication() {}

  /**
   * All {@code rows}, with {@link #FIRST_OF_EVENT} true for one copy of each event among the rows
   * where {@code eligible} holds, false for the other copies and for every row where it does not
   * hold (or is null). The copy flagged is the one Kafka received first (earliest Kafka timestamp),
   * ties broken by (topic, partition, offset). Those coordinates are unique, so the order is total
   * and a replayed batch flags the same row as the first attempt: the choice never depends on how
   * Spark happened to split the batch.
   *
   * <p>Why flag rather than filter: the Silver batch splits one classified batch into quarantine
   * and events and counts both; flagging the valid rows' first copies in the same pass lets it
   * shuffle the batch once and count the distinct events from the flags, where filtering the valid
   * rows apart would need the batch twice. The rows that are not eligible are spread over the
   * shuffle by their Kafka coordinates (unique), not piled on one key.
   *
   * @param rows Bronze-derived rows (with the Bronze coordinate columns)
   * @param eventId the column that identifies an event
   * @param eligible which rows take part (the valid ones)
   */
  public static Dataset<Row> markFirstPerEvent(Dataset<Row> rows, Column eventId, Column eligible) {
    Column isEligible = coalesce(eligible, lit(false));
    Column coordinates =
        concat_ws(
            "/",
            col(BronzeTable.KAFKA_TOPIC),
            col(BronzeTable.KAFKA_PARTITION).cast("string"),
            col(BronzeTable.KAFKA_OFFSET).cast("string"));
    Column key = when(isEligible, eventId).otherwise(coordinates);
    return rows.withColumn(
            RANK,
            row_number()
                .over(
                    Window.partitionBy(isEligible, key)
                        .orderBy(
                            col(BronzeTable.KAFKA_TIMESTAMP).asc_nulls_last(),
                            col(BronzeTable.KAFKA_TOPIC).asc(),
                            col(BronzeTable.KAFKA_PARTITION).asc(),
                            col(BronzeTable.KAFKA_OFFSET).asc())))
        .withColumn(FIRST_OF_EVENT, isEligible.and(col(RANK).equalTo(1)))
        .drop(RANK);
  }
}
