package io.anomalypipe.silver;

import io.anomalypipe.common.job.JobDescription;
import io.anomalypipe.common.job.JobLauncher;
import io.anomalypipe.common.logging.JobLogContext;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * Silver: {@code bronze_events} → {@code silver_events}, the clean, typed, time-ordered view of
 * user activity that the model trains on and Gold scores, one row per event.
 *
 * <p>Reads Bronze incrementally as a Delta stream (checkpointed), parses each payload with the
 * event fields of {@code common} ({@link PayloadParser}), checks it against the declared rules
 * ({@link SilverValidationRules}), and per micro-batch ({@link SilverBatchWriter}): appends the
 * records that broke a rule to {@code silver_quarantine} with every rule they broke, merges the
 * distinct valid events into {@code silver_events} (partitioned by event date; an event it already
 * holds, even one re-sent days later, is dropped), and appends the batch's reconciliation to {@code
 * silver_batch_audit}. A batch replayed after a crash commits nothing twice.
 *
 * <p>At start-up the three tables are created if missing; an existing one that lacks or retypes a
 * column the job writes stops the job with a message naming the column. New fields in the payload
 * are ignored.
 *
 * <p>Flags (keys relative to {@code pipeline}; {@code --help} prints each with its default):
 *
 * <ul>
 *   <li>{@code --config FILE} a profile over the defaults, e.g. {@code conf/local.conf}
 *   <li>{@code --silver.trigger availableNow|processingTime}, {@code --silver.trigger-interval 30s}
 *   <li>{@code --silver.max-files-per-trigger}, {@code --silver.max-bytes-per-trigger} caps on the
 *       Bronze data per micro-batch
 *   <li>{@code --silver.max-payload-bytes}, {@code --silver.value-min}, {@code --silver.value-max},
 *       {@code --silver.max-event-age}, {@code --silver.max-clock-skew} thresholds of the rules
 *   <li>{@code --storage.tables-root}, {@code --storage.checkpoints-root}
 *   <li>{@code --spark.master}, {@code --spark.conf.<spark key>}
 * </ul>
 *
 * <p>How to run it locally (after {@code bin/bronze} filled Bronze):
 *
 * <pre>
 * bin/silver                   # process what Bronze holds, then exit
 * bin/silver --silver.trigger processingTime --silver.trigger-interval 10s   # or keep running
 * # or, with a Spark distribution:
 * spark-submit --class io.anomalypipe.silver.SilverJob \
 *   silver-job/target/silver-job-0.1.0-SNAPSHOT-spark.jar --config conf/local.conf
 * </pre>
 */
public final class SilverJob {

  static final JobDescription DESCRIPTION =
      new JobDescription(
          "silver-job",
          "silver",
          "Usage: silver-job [--config FILE] [--<key> VALUE ...]\n"
              + "Reads bronze_events, and writes valid events once each to silver_events, the"
              + " others to silver_quarantine, and one audit row per batch to silver_batch_audit.",
          List.of("silver", "storage", "spark", "observability"));

  private SilverJob() {}

  public static void main(String[] args) {
    JobLauncher.launchOnSpark(
        DESCRIPTION,
        args,
        SilverConfig::fromConfig,
        SilverConfig::spark,
        (spark, config, runId) -> {
          start(spark, config, runId).awaitTermination();
          System.out.println(SilverRunSummary.of(spark, config, runId).line());
        });
  }

  /** {@link #start(SparkSession, SilverConfig, String)} with a new run id. */
  public static StreamingQuery start(SparkSession spark, SilverConfig config)
      throws TimeoutException {
    return start(spark, config, UUID.randomUUID().toString());
  }

  /** Checks and creates the tables, then starts the Bronze → Silver query. */
  public static StreamingQuery start(SparkSession spark, SilverConfig config, String runId)
      throws TimeoutException {
    SilverTables.prepare(spark, config);
    DataStreamReader reader = spark.readStream().format("delta");
    if (config.maxFilesPerTrigger() > 0) {
      reader = reader.option("maxFilesPerTrigger", config.maxFilesPerTrigger());
    }
    if (config.maxBytesPerTrigger() > 0) {
      reader = reader.option("maxBytesPerTrigger", config.maxBytesPerTrigger());
    }
    Dataset<Row> bronze = reader.load(config.bronzeTablePath());
    SilverBatchWriter writer =
        new SilverBatchWriter(
            config,
            runId,
            Boolean.parseBoolean(spark.conf().get(SilverBatchWriter.ADAPTIVE_CONF, "true")));
    return bronze
        .writeStream()
        .queryName(SilverConfig.QUERY_NAME)
        .option("checkpointLocation", config.checkpointPath())
        .trigger(config.trigger().toTrigger(config.triggerInterval()))
        .foreachBatch(
            JobLogContext.capture().around((VoidFunction2<Dataset<Row>, Long>) writer::writeBatch))
        .start();
  }
}
