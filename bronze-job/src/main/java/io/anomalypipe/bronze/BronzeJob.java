package io.anomalypipe.bronze;

import io.anomalypipe.common.job.JobDescription;
import io.anomalypipe.common.job.JobLauncher;
import io.anomalypipe.common.schema.BronzeTable;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * Bronze: Kafka → {@code bronze_events}, an append-only Delta table of every record exactly as
 * received (payload bytes, key, headers) with its topic, partition, offset and Kafka timestamp,
 * partitioned by ingestion date.
 *
 * <p>Exactly once across stops, crashes and restarts: the offsets of each micro-batch are written
 * to the checkpoint before the batch runs, and the Delta sink commits each batch id at most once (a
 * replayed batch that already committed is skipped), so every (topic, partition, offset) lands
 * once. Offsets deleted by Kafka retention before Bronze read them fail the query by default
 * ({@code --bronze.fail-on-data-loss true}).
 *
 * <p>Flags (keys relative to {@code pipeline}; {@code --help} prints each with its default):
 *
 * <ul>
 *   <li>{@code --config FILE} a profile over the defaults, e.g. {@code conf/local.conf}
 *   <li>{@code --kafka.bootstrap-servers}, {@code --kafka.topic}, {@code --kafka.security.*}
 *   <li>{@code --bronze.topic-pattern} subscribe to a regex instead of one topic
 *   <li>{@code --bronze.trigger availableNow|processingTime}, {@code --bronze.trigger-interval 10s}
 *   <li>{@code --bronze.starting-offsets earliest|latest|JSON}, {@code
 *       --bronze.max-offsets-per-trigger}, {@code --bronze.min-partitions}
 *   <li>{@code --bronze.fail-on-data-loss}, {@code --bronze.consumer-options.<kafka key>}
 *   <li>{@code --bronze.parquet-compression zstd|snappy|lz4raw|gzip|uncompressed}
 *   <li>{@code --storage.tables-root}, {@code --storage.checkpoints-root}
 *   <li>{@code --spark.master}, {@code --spark.conf.<spark key>}
 * </ul>
 *
 * <p>How to run it locally (Kafka from {@code bin/services start}, events from {@code
 * bin/generate}):
 *
 * <pre>
 * bin/bronze --config conf/local.conf
 * # or, with a Spark distribution:
 * spark-submit --class io.anomalypipe.bronze.BronzeJob \
 *   bronze-job/target/bronze-job-0.1.0-SNAPSHOT-spark.jar --config conf/local.conf
 * </pre>
 */
public final class BronzeJob {

  static final JobDescription DESCRIPTION =
      new JobDescription(
          "bronze-job",
          "bronze",
          "Usage: bronze-job [--config FILE] [--<key> VALUE ...]\n"
              + "Reads Kafka and appends every record, unparsed, to the bronze_events Delta table.",
          List.of("bronze", "kafka", "storage", "spark", "observability"));

  private BronzeJob() {}

  public static void main(String[] args) {
    JobLauncher.launchOnSpark(
        DESCRIPTION,
        args,
        BronzeConfig::fromConfig,
        BronzeConfig::spark,
        (spark, config, runId) -> {
          long versionBefore = BronzeRunSummary.latestVersion(spark, config.tablePath());
          StreamingQuery query = start(spark, config, System::getenv);
          query.awaitTermination();
          System.out.println(
              BronzeRunSummary.measure(spark, config.tablePath(), versionBefore, query.id())
                  .line());
        });
  }

  /** Creates the table if needed and starts the Kafka → Delta query. */
  public static StreamingQuery start(
      SparkSession spark, BronzeConfig config, UnaryOperator<String> environment)
      throws TimeoutException {
    BronzeTable.DEFINITION.createIfNotExists(spark, config.tablePath());
    Dataset<Row> kafkaRecords =
        spark
            .readStream()
            .format("kafka")
            .options(KafkaSourceOptions.of(config, environment))
            .load();
    return BronzeProjection.toBronzeRows(kafkaRecords)
        .writeStream()
        .format("delta")
        .queryName(BronzeConfig.QUERY_NAME)
        .outputMode(OutputMode.Append())
        .option("checkpointLocation", config.checkpointPath())
        .option("compression", config.parquetCompression().toString())
        .partitionBy(BronzeTable.INGEST_DATE)
        .trigger(config.trigger().toTrigger(config.triggerInterval()))
        .start(config.tablePath());
  }
}
