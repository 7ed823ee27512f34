package io.anomalypipe.silver;

import io.anomalypipe.common.schema.BronzeTable;
import io.anomalypipe.common.schema.SilverBatchAuditTable;
import io.anomalypipe.common.schema.SilverQuarantineTable;
import io.anomalypipe.common.schema.SilverTable;
import io.anomalypipe.common.spark.DeltaTableDefinition;
import io.delta.tables.DeltaTable;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

/** Start-up: the tables Silver reads and writes exist, and the existing ones fit the job. */
final class SilverTables {

  private SilverTables() {}

  /**
   * Fails if Bronze is not there or an existing Silver table cannot take what the job writes
   * (naming the table and the column), then creates the Silver tables that are missing.
   */
  static void prepare(SparkSession spark, SilverConfig config) {
    if (!DeltaTable.isDeltaTable(spark, config.bronzeTablePath())) {
      throw new IllegalStateException(
          BronzeTable.DEFINITION.name()
              + " is not a Delta table at "
              + config.bronzeTablePath()
              + ": run the Bronze job first, or check pipeline.storage.tables-root");
    }
    prepare(spark, SilverTable.DEFINITION, config.silverTablePath());
    prepare(spark, SilverQuarantineTable.DEFINITION, config.quarantineTablePath());
    prepare(spark, SilverBatchAuditTable.DEFINITION, config.auditTablePath());
  }

  private static void prepare(SparkSession spark, DeltaTableDefinition definition, String path) {
    if (DeltaTable.isDeltaTable(spark, path)) {
      // checked before anything writes: a table that lacks or retypes a column the job writes
      // would lose data or fail half-way through a batch
      StructType schema = spark.read().format("delta").load(path).schema();
      Row detail = DeltaTable.forPath(spark, path).detail().first();
      List<String> partitions =
          JavaConverters.seqAsJavaList(
              detail.<scala.collection.Seq<String>>getAs("partitionColumns"));
      List<String> problems = TableCompatibility.problems(definition, schema, partitions);
      if (!problems.isEmpty()) {
        throw new IllegalStateException(
            "The existing table "
                + definition.name()
                + " at "
                + path
                + " does not fit what silver-job writes: "
                + String.join("; ", problems)
                + ". Migrate the table (or point pipeline.storage.tables-root elsewhere).");
      }
    } else {
      definition.createIfNotExists(spark, path);
    }
  }
}
