package io.anomalypipe.silver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.anomalypipe.common.schema.SilverBatchAuditTable;
import io.anomalypipe.common.schema.SilverQuarantineTable;
import io.anomalypipe.common.schema.SilverTable;
import io.anomalypipe.common.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.util.QueryExecutionListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The foreachBatch sink on its own: the split, deduplication across batches, idempotent replays
 * (whole and after a crash between writes), and partition pruning of the MERGE.
 */
class SilverBatchWriterTest {

  @RegisterExtension static final SparkTestSession SPARK = new SparkTestSession();

  static final ValidationLimits LIMITS =
      new ValidationLimits(65_536, 0, 10_000_000, Duration.ofDays(30), Duration.ofHours(1));
  static final Instant DAY = Instant.parse("2026-03-10T00:00:00Z");
  static final String QUERY = "query-1";

  @TempDir Path dir;
  SilverTestTables tables;
  SilverBatchWriter writer;

  @BeforeEach
  void createTables() {
    tables = new SilverTestTables(SPARK.session(), dir).create();
    writer = tables.writer(LIMITS);
  }

  /** Bronze rows of one batch: e1 twice, e2, a cut-off JSON, an empty payload. */
  private Dataset<Row> mixedBatch() {
    Instant kafka = DAY.plus(Duration.ofHours(12));
    return BronzeRows.of(
        SPARK.session(),
        List.of(
            BronzeRows.row(TestEvents.valid("e1", kafka.minusSeconds(60)), 0, 0, kafka),
            BronzeRows.row(
                TestEvents.valid("e1", kafka.minusSeconds(60)), 1, 0, kafka.plusSeconds(1)),
            BronzeRows.row(TestEvents.valid("e2", kafka.minusSeconds(30)), 0, 1, kafka),
            BronzeRows.row("{\"event_id\":\"e3\",\"user", 0, 2, kafka),
            BronzeRows.row(new byte[0], 1, 1, kafka)));
  }

  private List<String> silverEvents() {
    return tables.read(tables.silver()).orderBy(SilverTable.EVENT_ID).collectAsList().stream()
        .map(
            r ->
                r.<String>getAs(SilverTable.EVENT_ID)
                    + "@"
                    + r.<Integer>getAs(SilverTable.KAFKA_PARTITION)
                    + "/"
                    + r.<Long>getAs(SilverTable.KAFKA_OFFSET))
        .toList();
  }

  @Test
  void splitsABatchIntoSilverQuarantineAndOneReconciledAuditRow() {
    BatchOutcome outcome = writer.write(mixedBatch(), 0, QUERY);

    assertThat(outcome.counts()).isEqualTo(new BatchReconciliation(5, 3, 2, 2, 2, 2));
    assertThat(outcome.counts().reconciled()).isTrue();
    assertThat(outcome.replayed()).isFalse();
    assertThat(silverEvents()).containsExactly("e1@0/0", "e2@0/1");
    List<Row> quarantine =
        tables
            .read(tables.quarantine())
            .orderBy(SilverQuarantineTable.KAFKA_OFFSET)
            .collectAsList();
    assertThat(quarantine).hasSize(2);
    assertThat(quarantine.get(0).<String>getAs(SilverQuarantineTable.PAYLOAD_PREVIEW))
        .isEqualTo("");
    assertThat(
            quarantine
                .get(0)
                .getList(quarantine.get(0).fieldIndex(SilverQuarantineTable.FAILED_RULES)))
        .containsExactly(SilverValidationRules.PAYLOAD_EMPTY);
    assertThat(
            quarantine
                .get(1)
                .getList(quarantine.get(1).fieldIndex(SilverQuarantineTable.FAILED_RULES)))
        .containsExactly(SilverValidationRules.PAYLOAD_NOT_JSON);
    assertThat(quarantine.get(1).<String>getAs(SilverQuarantineTable.PAYLOAD_PREVIEW))
        .isEqualTo("{\"event_id\":\"e3\",\"user");
    assertThat(quarantine.get(1).<Object>getAs(SilverQuarantineTable.QUARANTINE_DATE).toString())
        .isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());

    Row audit = tables.read(tables.audit()).first();
    assertThat(audit.<Long>getAs(SilverBatchAuditTable.BATCH_ID)).isZero();
    assertThat(audit.<String>getAs(SilverBatchAuditTable.QUERY_ID)).isEqualTo(QUERY);
    assertThat(audit.<String>getAs(SilverBatchAuditTable.RUN_ID)).isEqualTo("test-run");
    assertThat(audit.<Long>getAs(SilverBatchAuditTable.BRONZE_ROWS)).isEqualTo(5);
    assertThat(audit.<Long>getAs(SilverBatchAuditTable.INSERTED_ROWS)).isEqualTo(2);
    assertThat(audit.<Long>getAs(SilverBatchAuditTable.QUARANTINED_ROWS)).isEqualTo(2);
    assertThat(audit.<Long>getAs(SilverBatchAuditTable.DUPLICATES_IN_BATCH)).isEqualTo(1);
    assertThat(audit.<Long>getAs(SilverBatchAuditTable.DUPLICATES_ALREADY_IN_SILVER)).isZero();
    assertThat(audit.<Boolean>getAs(SilverBatchAuditTable.RECONCILED)).isTrue();
    assertThat(audit.<Long>getAs(SilverBatchAuditTable.SILVER_VERSION))
        .isEqualTo(tables.version(tables.silver()));
    assertThat(audit.<Long>getAs(SilverBatchAuditTable.QUARANTINE_VERSION))
        .isEqualTo(tables.version(tables.quarantine()));
  }

  @Test
  void replayingACommittedBatchIdCommitsNothingInAnyTable() {
    BatchOutcome first = writer.write(mixedBatch(), 0, QUERY);
    long silver = tables.version(tables.silver());
    long quarantine = tables.version(tables.quarantine());
    long audit = tables.version(tables.audit());

    BatchOutcome replay = writer.write(mixedBatch(), 0, QUERY);

    assertThat(tables.version(tables.silver()))
        .as("MERGE skipped by txnAppId/txnVersion")
        .isEqualTo(silver);
    assertThat(tables.version(tables.quarantine())).isEqualTo(quarantine);
    assertThat(tables.version(tables.audit())).isEqualTo(audit);
    assertThat(replay.replayed()).isTrue();
    assertThat(replay.counts())
        .as("counts read from the first attempt's commits")
        .isEqualTo(first.counts());
    assertThat(tables.read(tables.quarantine()).count()).isEqualTo(2);
    assertThat(tables.read(tables.audit()).count()).isEqualTo(1);

    // control: the same rows under the next batch id are written again (and found in Silver)
    BatchOutcome next = writer.write(mixedBatch(), 1, QUERY);
    assertThat(tables.version(tables.silver())).isEqualTo(silver + 1);
    assertThat(next.counts().insertedRows()).isZero();
    assertThat(next.counts().duplicatesAlreadyInSilver()).isEqualTo(2);
    assertThat(next.counts().reconciled()).isTrue();
    assertThat(silverEvents()).containsExactly("e1@0/0", "e2@0/1");

    // a batch without a valid row commits nothing to Silver
    BatchOutcome invalidOnly =
        writer.write(
            BronzeRows.of(SPARK.session(), List.of(BronzeRows.row("oops", 0, 9, DAY))), 2, QUERY);
    assertThat(tables.version(tables.silver())).isEqualTo(silver + 1);
    assertThat(invalidOnly.silverVersion()).isEmpty();
    assertThat(invalidOnly.counts()).isEqualTo(new BatchReconciliation(1, 0, 0, 1, 0, 0));
    assertThat(invalidOnly.counts().reconciled()).isTrue();
    assertThat(tables.read(tables.audit()).count()).isEqualTo(3);
  }

  @Test
  void aCrashAfterTheQuarantineAppendIsFinishedByTheReplay() {
    Dataset<Row> prepared = SilverBatchWriter.prepare(mixedBatch(), LIMITS);
    writer.appendQuarantine(prepared, new BatchTag(QUERY, 0, "crashed"), DAY);
    long quarantine = tables.version(tables.quarantine());

    BatchOutcome replay = writer.write(mixedBatch(), 0, QUERY);

    assertThat(tables.version(tables.quarantine())).isEqualTo(quarantine);
    assertThat(tables.read(tables.quarantine()).count()).isEqualTo(2);
    assertThat(silverEvents()).containsExactly("e1@0/0", "e2@0/1");
    assertThat(replay.replayed()).isTrue();
    assertThat(replay.quarantineVersion()).hasValue(quarantine);
    assertThat(replay.counts()).isEqualTo(new BatchReconciliation(5, 3, 2, 2, 2, 2));
    assertThat(tables.read(tables.audit()).first().<Boolean>getAs(SilverBatchAuditTable.REPLAYED))
        .isTrue();
  }

  @Test
  void aCrashAfterTheMergeKeepsTheInsertedCountsOfTheCrashedAttempt() {
    Dataset<Row> prepared = SilverBatchWriter.prepare(mixedBatch(), LIMITS);
    BatchTag crashed = new BatchTag(QUERY, 0, "crashed");
    writer.appendQuarantine(prepared, crashed, DAY);
    writer.mergeIntoSilver(prepared, SilverBatchWriter.tally(prepared).eventDates(), crashed, DAY);
    long silver = tables.version(tables.silver());

    BatchOutcome replay = writer.write(mixedBatch(), 0, QUERY);

    assertThat(tables.version(tables.silver())).isEqualTo(silver);
    assertThat(replay.counts().insertedRows())
        .as("not 0: the crashed attempt inserted them")
        .isEqualTo(2);
    assertThat(replay.counts().duplicatesAlreadyInSilver()).isZero();
    assertThat(replay.counts().reconciled()).isTrue();
    assertThat(tables.read(tables.audit()).count()).isEqualTo(1);
  }

  @Test
  void theMergeReadsOnlyThePartitionsOfTheBatchsEventDates() throws IOException {
    Instant kafka = DAY.plus(Duration.ofDays(3));
    Instant day1 = DAY.plus(Duration.ofHours(1));
    Instant day2 = day1.plus(Duration.ofDays(1));
    Instant day3 = day2.plus(Duration.ofDays(1));
    String onDay3 = TestEvents.valid("d3", day3);
    writer.write(
        BronzeRows.of(
            SPARK.session(),
            List.of(
                BronzeRows.row(TestEvents.valid("d1", day1), 0, 0, kafka),
                BronzeRows.row(TestEvents.valid("d2", day2), 0, 1, kafka),
                BronzeRows.row(onDay3, 0, 2, kafka))),
        0,
        QUERY);
    // the files of the first two dates are gone: reading them would fail
    deleteDataFiles(dateFolder(day1));
    deleteDataFiles(dateFolder(day2));

    BatchOutcome outcome =
        writer.write(
            BronzeRows.of(
                SPARK.session(),
                List.of(
                    BronzeRows.row(onDay3, 1, 0, kafka),
                    BronzeRows.row(TestEvents.valid("d3b", day3.plusSeconds(1)), 1, 1, kafka))),
            1,
            QUERY);

    assertThat(outcome.counts()).isEqualTo(new BatchReconciliation(2, 2, 2, 0, 2, 1));

    // control: a batch with an event of the first date must read its (deleted) files, and fails
    assertThatThrownBy(
            () ->
                writer.write(
                    BronzeRows.of(
                        SPARK.session(),
                        List.of(BronzeRows.row(TestEvents.valid("d1b", day1), 1, 2, kafka))),
                    2,
                    QUERY))
        .hasStackTraceContaining(dateFolder(day1).getFileName().toString());
  }

  @Test
  void theBatchRunsAdaptivelyAsTheJobsSessionDidThoughTheStreamsSessionDoesNot() throws Exception {
    // a streaming query runs foreachBatch in a session with adaptive execution off
    SPARK.session().conf().set(SilverBatchWriter.ADAPTIVE_CONF, "false");
    try {
      assertThat(adaptivePlansOf(() -> writer.write(mixedBatch(), 0, QUERY))).contains(true);
      assertThat(SPARK.session().conf().get(SilverBatchWriter.ADAPTIVE_CONF)).isEqualTo("false");

      // control: a job started in a session with adaptive execution off keeps it off
      SilverBatchWriter notAdaptive =
          new SilverBatchWriter(
              tables.silver(), tables.quarantine(), tables.audit(), LIMITS, "test-run", false);
      assertThat(adaptivePlansOf(() -> notAdaptive.write(mixedBatch(), 1, QUERY)))
          .isNotEmpty()
          .doesNotContain(true);
    } finally {
      SPARK.session().conf().set(SilverBatchWriter.ADAPTIVE_CONF, "true");
    }
  }

  /** For each Dataset action that {@code batch} ran, whether Spark planned it adaptively. */
  private static List<Boolean> adaptivePlansOf(Runnable batch) throws InterruptedException {
    List<Boolean> adaptive = new CopyOnWriteArrayList<>();
    QueryExecutionListener listener =
        new QueryExecutionListener() {
          @Override
          public void onSuccess(String action, QueryExecution execution, long nanos) {
            adaptive.add(execution.executedPlan() instanceof AdaptiveSparkPlanExec);
          }

          @Override
          public void onFailure(String action, QueryExecution execution, Exception error) {}
        };
    SPARK.session().listenerManager().register(listener);
    try {
      batch.run();
      // the listener hears of an action after it ended, on Spark's listener thread: the last
      // action of a batch is the audit append, so wait for its (non-adaptive) report too
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      int heard = -1;
      while (adaptive.size() != heard && System.nanoTime() < deadline) {
        heard = adaptive.size();
        Thread.sleep(500);
      }
      return List.copyOf(adaptive);
    } finally {
      SPARK.session().listenerManager().unregister(listener);
    }
  }

  private Path dateFolder(Instant eventTime) {
    return Path.of(
        tables.silver(),
        SilverTable.EVENT_DATE + "=" + LocalDate.ofInstant(eventTime, ZoneOffset.UTC));
  }

  private static void deleteDataFiles(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      List<Path> parquet = files.filter(f -> f.toString().endsWith(".parquet")).toList();
      assertThat(parquet).as("data files in %s", folder).isNotEmpty();
      for (Path file : parquet) {
        Files.delete(file);
      }
    }
  }
}
