package io.anomalypipe.monitor;

import io.anomalypipe.common.drift.DriftBaseline;
import io.anomalypipe.common.features.EventFeatures;
import io.anomalypipe.common.schema.BronzeTable;
import io.anomalypipe.common.schema.GoldPredictionsTable;
import io.anomalypipe.common.schema.GoldScoredTable;
import io.anomalypipe.common.schema.SilverBatchAuditTable;
import io.anomalypipe.common.schema.SilverQuarantineTable;
import io.anomalypipe.common.schema.SilverTable;
import io.anomalypipe.common.schema.Tables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Pipeline tables made to order for the monitor's tests: {@code events} events over the hours
 * before {@code newest}, with the columns the monitor reads, and the knobs each check turns on —
 * the quarantine's share, the flagged share, a shift of every feature, the age of the data. Also a
 * Bronze checkpoint that committed {@code committedPerPartition} offsets of each of 4 partitions.
 */
record CraftedPipeline(
    int events,
    Instant newest,
    double quarantineShare,
    double flaggedShare,
    double featureShift,
    long committedPerPartition) {

  static final int PARTITIONS = 4;
  static final String TOPIC_PREFIX = "monitor-events";

  static CraftedPipeline healthy(Instant now) {
    return new CraftedPipeline(2_000, now.minus(Duration.ofMinutes(10)), 0.01, 0.01, 0.0, 0);
  }

  CraftedPipeline withNewest(Instant value) {
    return new CraftedPipeline(
        events, value, quarantineShare, flaggedShare, featureShift, committedPerPartition);
  }

  CraftedPipeline withQuarantineShare(double value) {
    return new CraftedPipeline(
        events, newest, value, flaggedShare, featureShift, committedPerPartition);
  }

  CraftedPipeline withFlaggedShare(double value) {
    return new CraftedPipeline(
        events, newest, quarantineShare, value, featureShift, committedPerPartition);
  }

  CraftedPipeline withFeatureShift(double value) {
    return new CraftedPipeline(
        events, newest, quarantineShare, flaggedShare, value, committedPerPartition);
  }

  CraftedPipeline withCommittedPerPartition(long value) {
    return new CraftedPipeline(events, newest, quarantineShare, flaggedShare, featureShift, value);
  }

  /** A feature value of event {@code i}: spread over [0, 1), the same for any shift 0. */
  static double feature(int i, int feature) {
    return ((i * 7919L + feature * 104_729L) % 1000) / 1000.0;
  }

  static double score(int i) {
    return 0.3 + ((i * 3571L) % 1000) / 2000.0;
  }

  /** The training baseline these events match when unshifted. */
  DriftBaseline baseline() {
    List<String> names = EventFeatures.names();
    double[][] rows = new double[events][names.size()];
    double[] scores = new double[events];
    for (int i = 0; i < events; i++) {
      for (int f = 0; f < names.size(); f++) {
        rows[i][f] = feature(i, f);
      }
      scores[i] = score(i);
    }
    return DriftBaseline.of(names, rows, scores);
  }

  /**
   * Writes the six pipeline tables under {@code tablesRoot} and the Bronze checkpoint of {@code
   * topic}. The events reached Kafka 30 s after the newest event time (a backfill, as the demo
   * sends it), Bronze ingested them a minute after, Gold scored them a minute after that.
   */
  void write(SparkSession spark, Path tablesRoot, Path checkpointsRoot, String topic)
      throws IOException {
    int quarantined = (int) Math.round(events * quarantineShare);
    int duplicates = events / 50;
    int bronzeRows = events + quarantined + duplicates;
    Instant ingested = newest.plus(Duration.ofMinutes(1));
    Instant scoredAt = newest.plus(Duration.ofMinutes(2));
    List<Row> bronze = new ArrayList<>();
    for (int i = 0; i < bronzeRows; i++) {
      bronze.add(
          RowFactory.create(
              topic, i % PARTITIONS, (long) (i / PARTITIONS), ts(newest.plusSeconds(30))));
    }
    save(
        spark,
        tablesRoot,
        Tables.BRONZE_EVENTS,
        bronze,
        field(BronzeTable.KAFKA_TOPIC, DataTypes.StringType),
        field(BronzeTable.KAFKA_PARTITION, DataTypes.IntegerType),
        field(BronzeTable.KAFKA_OFFSET, DataTypes.LongType),
        field(BronzeTable.KAFKA_TIMESTAMP, DataTypes.TimestampType));

    List<Row> silver = new ArrayList<>();
    List<Row> scored = new ArrayList<>();
    List<Row> predictions = new ArrayList<>();
    int flagEvery = flaggedShare <= 0 ? Integer.MAX_VALUE : (int) Math.round(1 / flaggedShare);
    int featureCount = EventFeatures.names().size();
    for (int i = 0; i < events; i++) {
      Instant time = eventTime(i);
      Object[] coordinates = {topic, i % PARTITIONS, (long) (i / PARTITIONS)};
      silver.add(
          RowFactory.create(
              "e" + i,
              date(time),
              ts(time),
              time.toEpochMilli(),
              coordinates[0],
              coordinates[1],
              coordinates[2],
              ts(ingested)));
      Object[] row = new Object[8 + featureCount];
      row[0] = "e" + i;
      row[1] = date(time);
      row[2] = ts(time);
      row[3] = coordinates[0];
      row[4] = coordinates[1];
      row[5] = coordinates[2];
      row[6] = ts(scoredAt);
      row[7] = score(i);
      for (int f = 0; f < featureCount; f++) {
        row[8 + f] = feature(i, f) + featureShift;
      }
      scored.add(RowFactory.create(row));
      predictions.add(RowFactory.create(ts(time), i % flagEvery == 0));
    }
    save(
        spark,
        tablesRoot,
        Tables.SILVER_EVENTS,
        silver,
        field(SilverTable.EVENT_ID, DataTypes.StringType),
        field(SilverTable.EVENT_DATE, DataTypes.DateType),
        field(SilverTable.EVENT_TIME, DataTypes.TimestampType),
        field(SilverTable.EVENT_TIME_MILLIS, DataTypes.LongType),
        field(SilverTable.KAFKA_TOPIC, DataTypes.StringType),
        field(SilverTable.KAFKA_PARTITION, DataTypes.IntegerType),
        field(SilverTable.KAFKA_OFFSET, DataTypes.LongType),
        field(SilverTable.BRONZE_INGESTED_AT, DataTypes.TimestampType));
    List<StructField> scoredFields =
        new ArrayList<>(
            List.of(
                field(GoldScoredTable.EVENT_ID, DataTypes.StringType),
                field(GoldScoredTable.EVENT_DATE, DataTypes.DateType),
                field(GoldScoredTable.EVENT_TIME, DataTypes.TimestampType),
                field(SilverTable.KAFKA_TOPIC, DataTypes.StringType),
                field(SilverTable.KAFKA_PARTITION, DataTypes.IntegerType),
                field(SilverTable.KAFKA_OFFSET, DataTypes.LongType),
                field(GoldScoredTable.SCORED_AT, DataTypes.TimestampType),
                field(GoldScoredTable.ANOMALY_SCORE, DataTypes.DoubleType)));
    EventFeatures.names().forEach(name -> scoredFields.add(field(name, DataTypes.DoubleType)));
    save(
        spark,
        tablesRoot,
        Tables.GOLD_EVENTS_SCORED,
        scored,
        scoredFields.toArray(StructField[]::new));
    save(
        spark,
        tablesRoot,
        Tables.GOLD_ANOMALY_PREDICTIONS,
        predictions,
        field(GoldPredictionsTable.EVENT_TIME, DataTypes.TimestampType),
        field(GoldPredictionsTable.IS_ANOMALY, DataTypes.BooleanType));

    List<Row> quarantine = new ArrayList<>();
    for (int i = 0; i < quarantined; i++) {
      quarantine.add(
          RowFactory.create(
              ts(ingested), List.of(i % 2 == 0 ? "payload_not_json" : "missing_event_id")));
    }
    save(
        spark,
        tablesRoot,
        Tables.SILVER_QUARANTINE,
        quarantine,
        field(SilverQuarantineTable.QUARANTINED_AT, DataTypes.TimestampType),
        field(SilverQuarantineTable.FAILED_RULES, DataTypes.createArrayType(DataTypes.StringType)));
    save(
        spark,
        tablesRoot,
        Tables.SILVER_BATCH_AUDIT,
        List.of(
            RowFactory.create(
                ts(ingested), (long) bronzeRows, (long) quarantined, (long) duplicates, 0L, true)),
        field(SilverBatchAuditTable.FINISHED_AT, DataTypes.TimestampType),
        field(SilverBatchAuditTable.BRONZE_ROWS, DataTypes.LongType),
        field(SilverBatchAuditTable.QUARANTINED_ROWS, DataTypes.LongType),
        field(SilverBatchAuditTable.DUPLICATES_IN_BATCH, DataTypes.LongType),
        field(SilverBatchAuditTable.DUPLICATES_ALREADY_IN_SILVER, DataTypes.LongType),
        field(SilverBatchAuditTable.RECONCILED, DataTypes.BooleanType));

    // Bronze's checkpoint: batch 0 committed, its offsets the end of each partition
    Path checkpoint = checkpointsRoot.resolve(Tables.BRONZE_EVENTS);
    Files.createDirectories(checkpoint.resolve("commits"));
    Files.createDirectories(checkpoint.resolve("offsets"));
    Files.writeString(checkpoint.resolve("commits/0"), "v1\n{\"nextBatchWatermarkMs\":0}\n");
    StringBuilder partitions = new StringBuilder();
    for (int p = 0; p < PARTITIONS; p++) {
      partitions
          .append(p == 0 ? "" : ",")
          .append('"')
          .append(p)
          .append("\":")
          .append(committedPerPartition);
    }
    Files.writeString(
        checkpoint.resolve("offsets/0"),
        "v1\n{\"batchWatermarkMs\":0,\"batchTimestampMs\":0,\"conf\":{}}\n{\""
            + topic
            + "\":{"
            + partitions
            + "}}\n");
  }

  private Instant eventTime(int i) {
    return newest.minusSeconds(10L * (events - 1 - i));
  }

  private static Timestamp ts(Instant instant) {
    return Timestamp.from(instant);
  }

  private static Date date(Instant instant) {
    return Date.valueOf(instant.atZone(ZoneOffset.UTC).toLocalDate());
  }

  private static StructField field(String name, DataType type) {
    return new StructField(name, type, true, org.apache.spark.sql.types.Metadata.empty());
  }

  private static void save(
      SparkSession spark, Path root, String table, List<Row> rows, StructField... fields) {
    spark
        .createDataFrame(rows, new StructType(fields))
        .write()
        .format("delta")
        .mode("overwrite")
        .save(root.resolve(table).toString());
  }
}
