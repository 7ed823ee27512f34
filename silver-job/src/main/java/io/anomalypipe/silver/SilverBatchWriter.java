package io.anomalypipe.silver;

import static io.anomalypipe.silver.PayloadParser.field;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.anomalypipe.common.logging.LogFields;
import io.anomalypipe.common.observability.StepTimes;
import io.anomalypipe.common.schema.BronzeTable;
import io.anomalypipe.common.schema.EventFields;
import io.anomalypipe.common.schema.SilverBatchAuditTable;
import io.anomalypipe.common.schema.SilverTable;
import io.anomalypipe.common.spark.DeltaWriteSettings;
import io.anomalypipe.common.spark.SessionSettings;
import io.delta.tables.DeltaTable;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The {@code foreachBatch} sink of the Silver query: one call of {@link #writeBatch} per
 * micro-batch of Bronze rows, which it parses, validates, splits and writes to the three Silver
 * tables.
 *
 * <ol>
 *   <li>Parse and validate the batch, flag the first copy of each valid event ({@link #prepare}),
 *       and persist what the steps below read of it (they read it three times): the parsed event,
 *       its flag, and the raw record only where a rule was broken.
 *   <li>Count it in one pass: rows, valid rows, distinct valid events (the flags), their event
 *       dates.
 *   <li>Append the rows that broke a rule to {@code silver_quarantine}.
 *   <li>MERGE the flagged rows into {@code silver_events} on (event_id, event_date), inserting only
 *       the events it does not hold yet.
 *   <li>Append the batch's counts to {@code silver_batch_audit} and log them.
 * </ol>
 *
 * <p><b>Why a replay is safe.</b> Spark runs a batch again after a crash with exactly the same
 * Bronze rows (the Delta source's offsets are in the checkpoint before the batch runs), and calls
 * this method with the same batch id. Every one of the three writes carries a Delta transaction
 * marker (app id = the streaming query's id, which the checkpoint keeps across restarts; version =
 * the batch id): the appends through the writer options {@code txnAppId}/{@code txnVersion}, the
 * MERGE through the session settings {@code spark.databricks.delta.write.txnAppId}/{@code
 * txnVersion}, which Delta 3 honours for MERGE, UPDATE and DELETE. Delta commits the marker
 * atomically with the data and skips any later write whose version is not above the one recorded
 * for the app id. So whichever writes the crashed attempt committed are skipped, and the others
 * run: a crash after the quarantine append and before the MERGE leaves the quarantine rows once and
 * inserts the events on replay; a crash after the MERGE writes just the audit row. The MERGE itself
 * only inserts events it does not hold, so even without the marker a replay could not duplicate an
 * event; the marker keeps the counts honest (the replay would see its own earlier inserts as
 * duplicates).
 *
 * <p>A skipped write reports nothing, so the counts come from the commits: each write also tags its
 * commit's {@code userMetadata} with the query, batch and attempt ({@link BatchTag}), and the batch
 * reads the quarantine's {@code numOutputRows} and the MERGE's {@code numSourceRows}/{@code
 * numTargetRowsInserted} from whichever commit holds its tag — its own or the crashed attempt's.
 * Classification depends only on the row (the event time is judged against the record's Kafka
 * timestamp, not the clock), so the replayed split is the one the crashed attempt wrote.
 *
 * <p>A new checkpoint (a new query id) starts Bronze from the beginning: {@code silver_events}
 * stays exact (the MERGE drops every event it holds), but the quarantine and the audit get their
 * rows again, under the new query id.
 *
 * <p><b>Cost.</b> The batch is shuffled once, by event, for the dedup flags; the counts then come
 * from the persisted rows in a single pass without a shuffle, and the MERGE writes its inserts from
 * the partitions it reads, without Delta's repartition by {@code event_date} (which would shuffle
 * every row again and write each date from one task). The MERGE condition carries the batch's event
 * dates as a literal list on the target's partition column, so Delta reads only those partitions of
 * {@code silver_events}: a batch's cost follows the batch (and the size of the days it touches),
 * not the table. A duplicate has the same bytes, hence the same event time and date, so it is
 * always found within them. The key assumes an event's time never changes: the same event_id sent
 * again with another event time on another date would be inserted as a second row.
 */
public final class SilverBatchWriter implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(SilverBatchWriter.class);

  /** The local property Spark sets to the streaming query's id in the thread running a batch. */
  static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";

  /** Spark's adaptive query execution, which a streaming query turns off in its own session. */
  static final String ADAPTIVE_CONF = "spark.sql.adaptive.enabled";

  private static final String TARGET = "t";
  private static final String SOURCE = "s";

  private final String silverTablePath;
  private final String quarantineTablePath;
  private final String auditTablePath;
  private final ValidationLimits limits;
  private final String runId;
  private final boolean adaptiveExecution;

  /**
   * @param adaptiveExecution whether the batch's queries run with adaptive query execution: the
   *     setting of the session the job started with (see {@link #write})
   */
  public SilverBatchWriter(SilverConfig config, String runId, boolean adaptiveExecution) {
    this(
        config.silverTablePath(),
        config.quarantineTablePath(),
        config.auditTablePath(),
        config.limits(),
        runId,
        adaptiveExecution);
  }

  SilverBatchWriter(
      String silverTablePath,
      String quarantineTablePath,
      String auditTablePath,
      ValidationLimits limits,
      String runId,
      boolean adaptiveExecution) {
    this.silverTablePath = silverTablePath;
    this.quarantineTablePath = quarantineTablePath;
    this.auditTablePath = auditTablePath;
    this.limits = limits;
    this.runId = runId;
    this.adaptiveExecution = adaptiveExecution;
  }

  /** The {@code foreachBatch} function: Bronze rows of one micro-batch and its id. */
  public void writeBatch(Dataset<Row> batch, long batchId) {
    String queryId = batch.sparkSession().sparkContext().getLocalProperty(QUERY_ID_PROPERTY);
    if (queryId == null) {
      throw new IllegalStateException(
          "writeBatch runs inside a streaming query's foreachBatch (no query id in this thread)");
    }
    write(batch, batchId, queryId);
  }

  /**
   * One micro-batch, with the app id of its idempotent writes given explicitly (tests).
   *
   * <p>A streaming query turns adaptive query execution off in its session, and the batch's Dataset
   * belongs to that session, so without this every shuffle of the batch (the dedup window, the
   * MERGE's join) would run {@code spark.sql.shuffle.partitions} tasks (200 by default) however
   * small the batch. The batch's queries are ordinary batch queries over the micro-batch's rows, so
   * they get the setting of the session the job started with back, for the duration of the batch.
   */
  BatchOutcome write(Dataset<Row> bronzeBatch, long batchId, String queryId) {
    SparkSession spark = bronzeBatch.sparkSession();
    return SessionSettings.during(
        spark,
        Map.of(ADAPTIVE_CONF, Boolean.toString(adaptiveExecution)),
        () -> processBatch(bronzeBatch, batchId, queryId));
  }

  private BatchOutcome processBatch(Dataset<Row> bronzeBatch, long batchId, String queryId) {
    Instant startedAt = Instant.now();
    SparkSession spark = bronzeBatch.sparkSession();
    BatchTag tag = new BatchTag(queryId, batchId, UUID.randomUUID().toString());
    // The persisted batch ends with the dedup's shuffle, whose partitions adaptive execution does
    // not coalesce in a persisted plan: it would keep spark.sql.shuffle.partitions of them (200 by
    // default) however small the batch, and the quarantine and the MERGE would write a file for
    // each. One partition per core the application has: every core busy, a few files per date.
    int partitions = Math.max(1, spark.sparkContext().defaultParallelism());
    Dataset<Row> prepared =
        prepare(bronzeBatch, limits).coalesce(partitions).persist(StorageLevel.MEMORY_AND_DISK());
    StepTimes steps = new StepTimes();
    try {
      BatchTally tally = tally(prepared);
      steps.lap("tally_ms");
      Optional<TaggedCommits.Commit> quarantine =
          tally.invalidRows() == 0
              ? Optional.empty()
              : Optional.of(appendQuarantine(prepared, tag, startedAt));
      steps.lap("quarantine_ms");
      Optional<TaggedCommits.Commit> merge =
          tally.distinctValidEvents() == 0
              ? Optional.empty()
              : Optional.of(mergeIntoSilver(prepared, tally.eventDates(), tag, startedAt));
      steps.lap("merge_ms");
      BatchReconciliation counts =
          new BatchReconciliation(
              tally.bronzeRows(),
              tally.validRows(),
              tally.distinctValidEvents(),
              quarantine.map(c -> c.metric("numOutputRows")).orElse(0L),
              merge.map(c -> c.metric("numSourceRows")).orElse(0L),
              merge.map(c -> c.metric("numTargetRowsInserted")).orElse(0L));
      boolean replayed =
          Stream.of(quarantine, merge)
              .flatMap(Optional::stream)
              .anyMatch(commit -> !tag.isThisAttempt(commit.userMetadata()));
      BatchOutcome outcome =
          new BatchOutcome(
              batchId,
              runId,
              queryId,
              counts,
              replayed,
              startedAt,
              Instant.now(),
              version(merge),
              version(quarantine));
      appendAudit(spark, outcome, tag);
      steps.lap("audit_ms");
      steps.recordForRun(tally.bronzeRows());
      log(outcome, steps);
      return outcome;
    } finally {
      prepared.unpersist();
    }
  }

  /**
   * The batch as the writes read it: parsed, classified, reduced to what the writes need ({@link
   * #retainedForWrites}), and with the first copy of each valid event flagged ({@link
   * EventDeduplication#FIRST_OF_EVENT}). Pure.
   */
  static Dataset<Row> prepare(Dataset<Row> bronzeBatch, ValidationLimits limits) {
    // Reduced before the dedup's shuffle, so the shuffle does not carry the valid rows' raw
    // records.
    return EventDeduplication.markFirstPerEvent(
        retainedForWrites(SilverValidationRules.classify(PayloadParser.parse(bronzeBatch), limits)),
        field(EventFields.EVENT_ID),
        SilverValidationRules.isValid());
  }

  /**
   * What the writes read of classified rows: the Bronze coordinates, the parsed event and the
   * broken rules of every row, and the raw record (payload, key, decoded text) only of the rows
   * that broke a rule — the quarantine keeps those, Silver keeps the parsed event. The raw record
   * is most of a row's bytes (twice over: bytes and text), so this is what keeps the persisted
   * batch small.
   */
  static Dataset<Row> retainedForWrites(Dataset<Row> classified) {
    Column broken = not(SilverValidationRules.isValid());
    return classified.select(
        when(broken, col(BronzeTable.PAYLOAD)).as(BronzeTable.PAYLOAD),
        when(broken, col(BronzeTable.KAFKA_KEY)).as(BronzeTable.KAFKA_KEY),
        when(broken, col(PayloadParser.PAYLOAD_TEXT)).as(PayloadParser.PAYLOAD_TEXT),
        col(BronzeTable.KAFKA_TOPIC),
        col(BronzeTable.KAFKA_PARTITION),
        col(BronzeTable.KAFKA_OFFSET),
        col(BronzeTable.KAFKA_TIMESTAMP),
        col(BronzeTable.INGESTED_AT),
        col(PayloadParser.JSON),
        col(PayloadParser.EVENT_TIME_MILLIS),
        col(PayloadParser.EVENT_VALUE),
        col(SilverValidationRules.FAILED_RULES));
  }

  /** The counts of the classified batch and the event dates of its valid rows, in one pass. */
  record BatchTally(
      long bronzeRows, long validRows, long distinctValidEvents, List<Object> eventDates) {
    long invalidRows() {
      return bronzeRows - validRows;
    }
  }

  /** Counts rows of {@link #prepare}; a single pass without a shuffle. */
  static BatchTally tally(Dataset<Row> prepared) {
    Column valid = SilverValidationRules.isValid();
    Row row =
        prepared
            .agg(
                count(lit(1)),
                coalesce(sum(when(valid, 1L).otherwise(0L)), lit(0L)),
                coalesce(
                    sum(when(col(EventDeduplication.FIRST_OF_EVENT), 1L).otherwise(0L)), lit(0L)),
                collect_set(
                    when(valid, SilverProjection.eventDate(col(PayloadParser.EVENT_TIME_MILLIS)))))
            .first();
    List<Object> dates = new ArrayList<>(row.getList(3));
    return new BatchTally(row.getLong(0), row.getLong(1), row.getLong(2), dates);
  }

  /** Step 3: the rows that broke a rule, appended once per batch. */
  TaggedCommits.Commit appendQuarantine(Dataset<Row> classified, BatchTag tag, Instant at) {
    appendOnce(
        QuarantineProjection.toQuarantineRows(
            classified.where(not(SilverValidationRules.isValid())), at),
        quarantineTablePath,
        tag);
    return committed(classified.sparkSession(), quarantineTablePath, tag);
  }

  /**
   * Step 4: one row per new event, inserted once per batch, reading only the batch's dates.
   *
   * @param prepared rows of {@link #prepare}: the flagged ones are merged
   */
  TaggedCommits.Commit mergeIntoSilver(
      Dataset<Row> prepared, List<Object> eventDates, BatchTag tag, Instant at) {
    SparkSession spark = prepared.sparkSession();
    Dataset<Row> events =
        SilverProjection.toSilverRows(prepared.where(col(EventDeduplication.FIRST_OF_EVENT)), at);
    // The events come from the persisted batch, one partition per core: written as they are, a
    // batch adds a few files per date, without a second shuffle by date.
    SessionSettings.during(
        spark,
        DeltaWriteSettings.idempotentMerge(tag.queryId(), tag.batchId(), tag.text()),
        () -> {
          DeltaTable.forPath(spark, silverTablePath)
              .as(TARGET)
              .merge(events.as(SOURCE), mergeCondition(eventDates))
              .whenNotMatched()
              .insertAll()
              .execute();
          return null;
        });
    return committed(spark, silverTablePath, tag);
  }

  /**
   * {@code t.event_date IN (<the batch's dates>) AND t.event_id = s.event_id AND t.event_date =
   * s.event_date}. The first conjunct names only the target and literals, so Delta uses it to prune
   * the target's partitions before it joins.
   */
  static Column mergeCondition(List<Object> eventDates) {
    Column targetDate = col(TARGET + "." + SilverTable.EVENT_DATE);
    return targetDate
        .isin(eventDates.toArray())
        .and(
            col(TARGET + "." + SilverTable.EVENT_ID)
                .equalTo(col(SOURCE + "." + SilverTable.EVENT_ID)))
        .and(targetDate.equalTo(col(SOURCE + "." + SilverTable.EVENT_DATE)));
  }

  /** Step 5: the audit row, appended once per batch. */
  void appendAudit(SparkSession spark, BatchOutcome outcome, BatchTag tag) {
    appendOnce(
        spark.createDataFrame(List.of(outcome.auditRow()), SilverBatchAuditTable.SCHEMA),
        auditTablePath,
        tag);
  }

  /**
   * Appends {@code rows} to the table at {@code path} under the batch's transaction marker, so a
   * replay of the batch skips the append if the crashed attempt committed it.
   */
  private static void appendOnce(Dataset<Row> rows, String path, BatchTag tag) {
    rows.write()
        .format("delta")
        .mode(SaveMode.Append)
        .option("txnAppId", tag.queryId())
        .option("txnVersion", tag.batchId())
        .option("userMetadata", tag.text())
        .save(path);
  }

  private static TaggedCommits.Commit committed(SparkSession spark, String path, BatchTag tag) {
    return TaggedCommits.find(spark, path, tag.prefix())
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no commit of "
                        + path
                        + " is tagged '"
                        + tag.prefix()
                        + "' although Delta committed or skipped the batch's write"));
  }

  private static OptionalLong version(Optional<TaggedCommits.Commit> commit) {
    return commit.map(c -> OptionalLong.of(c.version())).orElse(OptionalLong.empty());
  }

  private static void log(BatchOutcome outcome, StepTimes steps) {
    BatchReconciliation counts = outcome.counts();
    try (var query = MDC.putCloseable(LogFields.QUERY_ID, outcome.queryId());
        var batch = MDC.putCloseable(LogFields.BATCH_ID, Long.toString(outcome.batchId()))) {
      LoggingEventBuilder line = counts.reconciled() ? LOG.atInfo() : LOG.atError();
      steps.millis().forEach(line::addKeyValue);
      line.addKeyValue(SilverBatchAuditTable.BRONZE_ROWS, counts.bronzeRows())
          .addKeyValue(SilverBatchAuditTable.VALID_ROWS, counts.validRows())
          .addKeyValue(SilverBatchAuditTable.INSERTED_ROWS, counts.insertedRows())
          .addKeyValue(SilverBatchAuditTable.QUARANTINED_ROWS, counts.quarantinedRows())
          .addKeyValue(SilverBatchAuditTable.DUPLICATES_IN_BATCH, counts.duplicatesInBatch())
          .addKeyValue(
              SilverBatchAuditTable.DUPLICATES_ALREADY_IN_SILVER,
              counts.duplicatesAlreadyInSilver())
          .addKeyValue(SilverBatchAuditTable.RECONCILED, counts.reconciled())
          .addKeyValue(SilverBatchAuditTable.REPLAYED, outcome.replayed())
          .addKeyValue(
              SilverBatchAuditTable.SILVER_VERSION,
              outcome.silverVersion().isPresent() ? outcome.silverVersion().getAsLong() : null)
          .addKeyValue(
              "duration_ms", Instant.now().toEpochMilli() - outcome.startedAt().toEpochMilli())
          .log(
              counts.reconciled()
                  ? "silver batch written"
                  : "silver batch does not reconcile: bronze_rows differs from the sum of its"
                      + " outcomes");
    }
  }
}
