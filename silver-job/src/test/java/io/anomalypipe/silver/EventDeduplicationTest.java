package io.anomalypipe.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.anomalypipe.common.schema.BronzeTable;
import io.anomalypipe.common.testing.SparkTestSession;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Deduplication within a micro-batch. */
class EventDeduplicationTest {

  @RegisterExtension static final SparkTestSession SPARK = new SparkTestSession();

  static final Instant T = Instant.parse("2026-03-10T12:00:00Z");

  private static List<String> kept(List<Row> bronzeRows) {
    Dataset<Row> parsed = PayloadParser.parse(BronzeRows.of(SPARK.session(), bronzeRows));
    return EventDeduplication.markFirstPerEvent(parsed, PayloadParser.field("event_id"), lit(true))
        .where(col(EventDeduplication.FIRST_OF_EVENT))
        .orderBy(PayloadParser.field("event_id"))
        .select(
            PayloadParser.field("event_id"),
            col(BronzeTable.KAFKA_PARTITION),
            col(BronzeTable.KAFKA_OFFSET))
        .collectAsList()
        .stream()
        .map(r -> r.getString(0) + "@" + r.getInt(1) + "/" + r.getLong(2))
        .toList();
  }

  @Test
  void keepsOneRowPerEventTheCopyKafkaReceivedFirst() {
    String a = TestEvents.valid("a", T.minusSeconds(60));
    String b = TestEvents.valid("b", T.minusSeconds(30));

    assertThat(
            kept(
                List.of(
                    BronzeRows.row(a, 2, 10, T.plusSeconds(5)),
                    BronzeRows.row(a, 0, 99, T),
                    BronzeRows.row(b, 1, 4, T),
                    BronzeRows.row(a, 1, 3, T.plusSeconds(1)))))
        .containsExactly("a@0/99", "b@1/4");
  }

  @Test
  void copiesReceivedAtTheSameTimeAreDecidedByTheirCoordinates() {
    String a = TestEvents.valid("a", T.minusSeconds(60));

    assertThat(
            kept(
                List.of(
                    BronzeRows.row(a, 3, 1, T),
                    BronzeRows.row(a, 1, 7, T),
                    BronzeRows.row(a, 1, 5, T),
                    BronzeRows.row(a, 2, 0, T))))
        .containsExactly("a@1/5");
  }

  @Test
  void distinctEventsAreAllKept() {
    assertThat(
            kept(
                List.of(
                    BronzeRows.row(TestEvents.valid("x", T), 0, 0, T),
                    BronzeRows.row(TestEvents.valid("y", T), 0, 1, T),
                    BronzeRows.row(TestEvents.valid("z", T), 0, 2, T))))
        .containsExactly("x@0/0", "y@0/1", "z@0/2");
  }

  @Test
  void flagsTheFirstEligibleCopyOfEachEventAndKeepsEveryRow() {
    String a = TestEvents.valid("a", T.minusSeconds(60));
    String b = TestEvents.valid("b", T.minusSeconds(30));
    Dataset<Row> parsed =
        PayloadParser.parse(
            BronzeRows.of(
                SPARK.session(),
                List.of(
                    // partition 0 is not eligible: received first, still not the copy kept
                    BronzeRows.row(a, 0, 1, T),
                    BronzeRows.row(a, 1, 2, T.plusSeconds(2)),
                    BronzeRows.row(a, 2, 3, T.plusSeconds(1)),
                    BronzeRows.row(b, 0, 4, T))));

    List<String> flagged =
        EventDeduplication.markFirstPerEvent(
                parsed, PayloadParser.field("event_id"), col(BronzeTable.KAFKA_PARTITION).gt(0))
            .orderBy(col(BronzeTable.KAFKA_OFFSET))
            .select(
                PayloadParser.field("event_id"),
                col(BronzeTable.KAFKA_PARTITION),
                col(EventDeduplication.FIRST_OF_EVENT))
            .collectAsList()
            .stream()
            .map(r -> r.getString(0) + "@" + r.getInt(1) + "=" + r.getBoolean(2))
            .toList();

    assertThat(flagged).containsExactly("a@0=false", "a@1=false", "a@2=true", "b@0=false");
  }
}
