package io.anomalypipe.silver;

import io.anomalypipe.common.schema.BronzeTable;
import io.anomalypipe.common.schema.SilverBatchAuditTable;
import io.anomalypipe.common.schema.SilverQuarantineTable;
import io.anomalypipe.common.schema.SilverTable;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The Silver tables of a test, under its temporary folder. */
record SilverTestTables(SparkSession spark, Path root) {

  String bronze() {
    return root.resolve("bronze_events").toString();
  }

  String silver() {
    return root.resolve("silver_events").toString();
  }

  String quarantine() {
    return root.resolve("silver_quarantine").toString();
  }

  String audit() {
    return root.resolve("silver_batch_audit").toString();
  }

  SilverTestTables create() {
    BronzeTable.DEFINITION.createIfNotExists(spark, bronze());
    SilverTable.DEFINITION.createIfNotExists(spark, silver());
    SilverQuarantineTable.DEFINITION.createIfNotExists(spark, quarantine());
    SilverBatchAuditTable.DEFINITION.createIfNotExists(spark, audit());
    return this;
  }

  SilverBatchWriter writer(ValidationLimits limits) {
    return new SilverBatchWriter(silver(), quarantine(), audit(), limits, "test-run", true);
  }

  Dataset<Row> read(String path) {
    return spark.read().format("delta").load(path);
  }

  long version(String path) {
    return DeltaTable.forPath(spark, path).history(1).first().getLong(0);
  }
}
