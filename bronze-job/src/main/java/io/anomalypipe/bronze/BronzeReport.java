package io.anomalypipe.bronze;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import io.anomalypipe.common.config.SparkSettings;
import io.anomalypipe.common.config.StorageLayout;
import io.anomalypipe.common.job.JobDescription;
import io.anomalypipe.common.job.JobLauncher;
import io.anomalypipe.common.schema.BronzeTable;
import io.delta.tables.DeltaTable;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Prints what landed in {@code bronze_events}: rows per topic partition with their offset range and
 * whether it is contiguous (no gap, no duplicate), and the table's recent Delta history.
 *
 * <pre>
 * bin/bronze-report            # the local tables, after bin/bronze
 * </pre>
 */
public final class BronzeReport {

  static final JobDescription DESCRIPTION =
      new JobDescription(
          "bronze-report",
          "bronze",
          "Usage: bronze-report [--config FILE] [--<key> VALUE ...]\n"
              + "Prints rows and offset ranges per Kafka partition of bronze_events.",
          List.of("storage", "spark", "observability"));

  /** Columns of {@link #offsetsPerPartition}. */
  public static final String ROWS = "rows";

  public static final String DISTINCT_OFFSETS = "distinct_offsets";
  public static final String FIRST_OFFSET = "first_offset";
  public static final String LAST_OFFSET = "last_offset";
  public static final String CONTIGUOUS = "contiguous";

  private BronzeReport() {}

  record Config(StorageLayout storage, SparkSettings spark) {}

  public static void main(String[] args) {
    JobLauncher.launchOnSpark(
        DESCRIPTION,
        args,
        pipeline ->
            new Config(StorageLayout.fromConfig(pipeline), SparkSettings.fromConfig(pipeline)),
        Config::spark,
        (spark, config, runId) -> {
          String path = config.storage().bronzeTable();
          Dataset<Row> bronze = spark.read().format("delta").load(path);
          System.out.println("bronze_events at " + path + ": " + bronze.count() + " rows");
          offsetsPerPartition(bronze).show(1000, false);
          DeltaTable.forPath(spark, path)
              .history(10)
              .select("version", "timestamp", "operation", "operationMetrics.numOutputRows")
              .show(10, false);
        });
  }

  /**
   * One row per (topic, partition): rows, distinct offsets, first and last offset, and whether the
   * offsets are contiguous — as many rows as distinct offsets and as the range is long.
   */
  public static Dataset<Row> offsetsPerPartition(Dataset<Row> bronze) {
    return bronze
        .groupBy(BronzeTable.KAFKA_TOPIC, BronzeTable.KAFKA_PARTITION)
        .agg(
            count("*").as(ROWS),
            countDistinct(BronzeTable.KAFKA_OFFSET).as(DISTINCT_OFFSETS),
            min(BronzeTable.KAFKA_OFFSET).as(FIRST_OFFSET),
            max(BronzeTable.KAFKA_OFFSET).as(LAST_OFFSET))
        .withColumn(
            CONTIGUOUS,
            col(ROWS)
                .equalTo(col(DISTINCT_OFFSETS))
                .and(col(ROWS).equalTo(col(LAST_OFFSET).minus(col(FIRST_OFFSET)).plus(1))))
        .orderBy(BronzeTable.KAFKA_TOPIC, BronzeTable.KAFKA_PARTITION);
  }
}
