package io.anomalypipe.common.schema;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The key every layer from Silver on shares, ({@link SilverTable#EVENT_ID}, {@link
 * SilverTable#EVENT_DATE}) — the Gold tables carry the same columns under the same names.
 */
public final class EventKeys {

  private EventKeys() {}

  /** How many events of {@code silver} {@code gold} (either Gold table) lacks, by that key. */
  public static long missingFrom(Dataset<Row> silver, Dataset<Row> gold) {
    return silver
        .join(
            gold,
            silver
                .col(SilverTable.EVENT_ID)
                .equalTo(gold.col(GoldScoredTable.EVENT_ID))
                .and(
                    silver
                        .col(SilverTable.EVENT_DATE)
                        .equalTo(gold.col(GoldScoredTable.EVENT_DATE))),
            "left_anti")
        .count();
  }
}
