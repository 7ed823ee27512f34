package io.anomalypipe.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import io.anomalypipe.common.config.SparkSettings;
import io.anomalypipe.common.config.StorageLayout;
import io.anomalypipe.common.job.JobDescription;
import io.anomalypipe.common.job.JobLauncher;
import io.anomalypipe.common.schema.SilverBatchAuditTable;
import io.anomalypipe.common.schema.SilverBatchAuditTotals;
import io.anomalypipe.common.schema.SilverQuarantineTable;
import io.anomalypipe.common.schema.SilverTable;
import io.anomalypipe.common.schema.Tables;
import io.delta.tables.DeltaTable;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Prints what landed in Silver: the rows of {@code silver_events} and the event dates they span,
 * the records in {@code silver_quarantine} per broken rule, and from {@code silver_batch_audit} the
 * reconciliation of the last batches and of all batches together (Bronze rows read = inserted +
 * quarantined + duplicates).
 *
 * <pre>
 * bin/silver-report            # the local tables, after bin/silver
 * bin/silver-report --storage.tables-root /path/to/tables
 * </pre>
 */
public final class SilverReport {

  static final JobDescription DESCRIPTION =
      new JobDescription(
          "silver-report",
          "silver",
          "Usage: silver-report [--config FILE] [--<key> VALUE ...]\n"
              + "Prints the rows of silver_events, silver_quarantine per rule, and the"
              + " reconciliation of the batches in silver_batch_audit.",
          List.of("storage", "spark", "observability"));

  /** How many of the latest batches the report lists one by one. */
  static final int LATEST_BATCHES = 10;

  /** Columns of {@link #quarantineByRule}. */
  public static final String RULE = "rule";

  public static final String RECORDS = "records";

  private SilverReport() {}

  record Config(StorageLayout storage, SparkSettings spark) {}

  public static void main(String[] args) {
    JobLauncher.launchOnSpark(
        DESCRIPTION,
        args,
        pipeline ->
            new Config(StorageLayout.fromConfig(pipeline), SparkSettings.fromConfig(pipeline)),
        Config::spark,
        (spark, config, runId) -> print(spark, config.storage()));
  }

  static void print(SparkSession spark, StorageLayout storage) {
    String silverPath = storage.tablePath(Tables.SILVER_EVENTS);
    String quarantinePath = storage.tablePath(Tables.SILVER_QUARANTINE);
    String auditPath = storage.tablePath(Tables.SILVER_BATCH_AUDIT);
    for (String path : List.of(silverPath, quarantinePath, auditPath)) {
      if (!DeltaTable.isDeltaTable(spark, path)) {
        throw new IllegalStateException(
            "no Delta table at " + path + ": run the Silver job first (bin/silver)");
      }
    }
    Row events =
        spark
            .read()
            .format("delta")
            .load(silverPath)
            .agg(
                count(lit(1)),
                countDistinct(col(SilverTable.EVENT_DATE)),
                min(SilverTable.EVENT_DATE),
                max(SilverTable.EVENT_DATE))
            .first();
    System.out.printf(
        "silver_events at %s: %,d rows over %d event dates (%s to %s)%n",
        silverPath, events.getLong(0), events.getLong(1), events.get(2), events.get(3));

    Dataset<Row> quarantine = spark.read().format("delta").load(quarantinePath);
    System.out.printf(
        "%nsilver_quarantine at %s: %,d records; per broken rule (a record can break several):%n",
        quarantinePath, quarantine.count());
    quarantineByRule(quarantine).show(100, false);

    Dataset<Row> audit = spark.read().format("delta").load(auditPath);
    System.out.printf("silver_batch_audit at %s: the last batches%n", auditPath);
    latestBatches(audit, LATEST_BATCHES).show(LATEST_BATCHES, false);
    System.out.println("all batches together:");
    SilverBatchAuditTotals.of(audit).show(false);
  }

  /** One row per rule that quarantined records, with how many: most frequent first. */
  public static Dataset<Row> quarantineByRule(Dataset<Row> quarantine) {
    return quarantine
        .select(explode(col(SilverQuarantineTable.FAILED_RULES)).as(RULE))
        .groupBy(RULE)
        .agg(count(lit(1)).as(RECORDS))
        .orderBy(col(RECORDS).desc(), col(RULE));
  }

  /** The {@code limit} latest batches (by start time), with their counts and checks. */
  public static Dataset<Row> latestBatches(Dataset<Row> audit, int limit) {
    return audit
        .orderBy(col(SilverBatchAuditTable.STARTED_AT).desc())
        .limit(limit)
        .select(
            col(SilverBatchAuditTable.BATCH_ID),
            col(SilverBatchAuditTable.STARTED_AT),
            col(SilverBatchAuditTable.BRONZE_ROWS),
            col(SilverBatchAuditTable.INSERTED_ROWS),
            col(SilverBatchAuditTable.QUARANTINED_ROWS),
            col(SilverBatchAuditTable.DUPLICATES_IN_BATCH),
            col(SilverBatchAuditTable.DUPLICATES_ALREADY_IN_SILVER),
            col(SilverBatchAuditTable.RECONCILED),
            col(SilverBatchAuditTable.REPLAYED));
  }
}
