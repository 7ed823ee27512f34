package io.anomalypipe.silver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.anomalypipe.common.config.StorageLayout;
import io.anomalypipe.common.schema.EventFields;
import io.anomalypipe.common.schema.SilverBatchAuditTable;
import io.anomalypipe.common.schema.SilverBatchAuditTotals;
import io.anomalypipe.common.testing.SparkTestSession;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The report's figures, read from tables the batch writer filled. */
class SilverReportTest {

  @RegisterExtension static final SparkTestSession SPARK = new SparkTestSession();

  static final ValidationLimits LIMITS =
      new ValidationLimits(65_536, 0, 10_000_000, Duration.ofDays(30), Duration.ofHours(1));
  static final Instant KAFKA = Instant.parse("2026-03-10T12:00:00Z");

  @TempDir Path dir;
  SilverTestTables tables;

  @BeforeEach
  void writeTwoBatches() {
    tables = new SilverTestTables(SPARK.session(), dir).create();
    SilverBatchWriter writer = tables.writer(LIMITS);
    // batch 0: e1 twice, e2, a cut-off JSON, an empty payload, an event breaking two rules
    writer.write(
        BronzeRows.of(
            SPARK.session(),
            List.of(
                BronzeRows.row(TestEvents.valid("e1", KAFKA.minusSeconds(60)), 0, 0, KAFKA),
                BronzeRows.row(
                    TestEvents.valid("e1", KAFKA.minusSeconds(60)), 1, 0, KAFKA.plusSeconds(1)),
                BronzeRows.row(TestEvents.valid("e2", KAFKA.minusSeconds(30)), 0, 1, KAFKA),
                BronzeRows.row("{\"event_id\":\"e3\",\"user", 0, 2, KAFKA),
                BronzeRows.row(new byte[0], 1, 1, KAFKA),
                BronzeRows.row(negativeValueWithoutUser("e4"), 0, 3, KAFKA))),
        0,
        "query-1");
    // batch 1: e2 again, e5 new
    writer.write(
        BronzeRows.of(
            SPARK.session(),
            List.of(
                BronzeRows.row(TestEvents.valid("e2", KAFKA.minusSeconds(30)), 0, 4, KAFKA),
                BronzeRows.row(TestEvents.valid("e5", KAFKA), 1, 2, KAFKA))),
        1,
        "query-1");
  }

  /** An event that breaks two rules. */
  private static String negativeValueWithoutUser(String eventId) {
    Map<String, Object> fields = TestEvents.fields(eventId, KAFKA.minusSeconds(10));
    fields.remove(EventFields.USER_ID);
    fields.put(EventFields.VALUE, -5.0);
    return TestEvents.json(fields);
  }

  @Test
  void countsQuarantinedRecordsPerRuleMostFrequentFirst() {
    List<String> rules =
        SilverReport.quarantineByRule(tables.read(tables.quarantine())).collectAsList().stream()
            .map(r -> r.getString(0) + "=" + r.getLong(1))
            .toList();

    assertThat(rules)
        .containsExactly(
            "missing_user_id=1", "payload_empty=1", "payload_not_json=1", "value_out_of_range=1");
  }

  @Test
  void sumsEveryBatchAndCountsThoseThatDoNotReconcile() {
    Row totals = SilverBatchAuditTotals.of(tables.read(tables.audit())).first();

    assertThat(totals.<Long>getAs(SilverBatchAuditTotals.BATCHES)).isEqualTo(2);
    assertThat(totals.<Long>getAs(SilverBatchAuditTable.BRONZE_ROWS)).isEqualTo(8);
    assertThat(totals.<Long>getAs(SilverBatchAuditTable.INSERTED_ROWS)).isEqualTo(3);
    assertThat(totals.<Long>getAs(SilverBatchAuditTable.QUARANTINED_ROWS)).isEqualTo(3);
    assertThat(totals.<Long>getAs(SilverBatchAuditTable.DUPLICATES_IN_BATCH)).isEqualTo(1);
    assertThat(totals.<Long>getAs(SilverBatchAuditTable.DUPLICATES_ALREADY_IN_SILVER)).isEqualTo(1);
    assertThat(totals.<Long>getAs(SilverBatchAuditTotals.BATCHES_NOT_RECONCILED)).isZero();
    assertThat(totals.<Long>getAs(SilverBatchAuditTotals.BATCHES_REPLAYED)).isZero();
  }

  @Test
  void listsTheLatestBatchesNewestFirst() {
    Dataset<Row> latest = SilverReport.latestBatches(tables.read(tables.audit()), 1);

    assertThat(latest.collectAsList())
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.<Long>getAs(SilverBatchAuditTable.BATCH_ID)).isEqualTo(1);
              assertThat(row.<Long>getAs(SilverBatchAuditTable.INSERTED_ROWS)).isEqualTo(1);
              assertThat(row.<Long>getAs(SilverBatchAuditTable.DUPLICATES_ALREADY_IN_SILVER))
                  .isEqualTo(1);
            });
  }

  @Test
  void anEmptyAuditTableSumsToZero() {
    Row totals = SilverBatchAuditTotals.of(tables.read(tables.audit()).limit(0)).first();

    assertThat(totals.<Long>getAs(SilverBatchAuditTotals.BATCHES)).isZero();
    assertThat(totals.<Long>getAs(SilverBatchAuditTable.BRONZE_ROWS)).isZero();
    assertThat(totals.<Long>getAs(SilverBatchAuditTotals.BATCHES_NOT_RECONCILED)).isZero();
  }

  @Test
  void printsTheTablesAndNamesAMissingOne() {
    SilverReport.print(SPARK.session(), new StorageLayout(dir.toString(), dir.toString()));

    Path empty = dir.resolve("elsewhere");
    assertThatThrownBy(
            () ->
                SilverReport.print(
                    SPARK.session(), new StorageLayout(empty.toString(), empty.toString())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(empty.resolve("silver_events").toString())
        .hasMessageContaining("bin/silver");
  }
}
