package io.anomalypipe.gold.scoring;

import io.anomalypipe.common.schema.GoldPredictionsTable;
import io.anomalypipe.common.schema.GoldScoredTable;
import io.anomalypipe.common.schema.SilverTable;
import io.anomalypipe.common.spark.DeltaTableDefinition;
import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

/** Start-up checks of the tables the Gold job reads and writes. */
final class GoldTables {

  private GoldTables() {}

  /** Fails unless Silver is a Delta table with its change data feed on. */
  static void requireSilver(SparkSession spark, GoldConfig config) {
    String path = config.silverTablePath();
    if (!DeltaTable.isDeltaTable(spark, path)) {
      throw new IllegalStateException(
          SilverTable.DEFINITION.name()
              + " is not a Delta table at "
              + path
              + ": run the Silver job (bin/silver) first, or check pipeline.storage.tables-root");
    }
    Row detail = DeltaTable.forPath(spark, path).detail().first();
    Map<String, String> properties = detail.getJavaMap(detail.fieldIndex("properties"));
    if (!"true".equalsIgnoreCase(properties.get("delta.enableChangeDataFeed"))) {
      throw new IllegalStateException(
          "silver_events at "
              + path
              + " does not have delta.enableChangeDataFeed = true, which the Gold job reads"
              + " incrementally; the Silver job creates it so (ALTER TABLE ... SET TBLPROPERTIES"
              + " fixes an older table, from the next version on)");
    }
  }

  /**
   * Creates the Gold tables that are missing, after checking that existing ones have exactly the
   * columns (names and types) and partitioning the job writes: a table made by another version of
   * the pipeline (other features, say) fails here, naming the differences, before any write.
   */
  static void prepare(SparkSession spark, GoldConfig config) {
    prepare(spark, GoldScoredTable.DEFINITION, config.scoredTablePath());
    prepare(spark, GoldPredictionsTable.DEFINITION, config.predictionsTablePath());
  }

  /** Whether both Gold tables exist. */
  static boolean exist(SparkSession spark, GoldConfig config) {
    return DeltaTable.isDeltaTable(spark, config.scoredTablePath())
        && DeltaTable.isDeltaTable(spark, config.predictionsTablePath());
  }

  private static void prepare(SparkSession spark, DeltaTableDefinition definition, String path) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      definition.createIfNotExists(spark, path);
      return;
    }
    StructType actual = spark.read().format("delta").load(path).schema();
    Row detail = DeltaTable.forPath(spark, path).detail().first();
    List<String> partitions =
        JavaConverters.seqAsJavaList(
            detail.<scala.collection.Seq<String>>getAs("partitionColumns"));
    List<String> problems = problems(definition, actual, partitions);
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "The existing table "
              + definition.name()
              + " at "
              + path
              + " does not fit what the Gold job writes: "
              + String.join("; ", problems)
              + ". Re-create it (a re-score of all dates refills it) or point"
              + " pipeline.storage.tables-root elsewhere.");
    }
  }

  static List<String> problems(
      DeltaTableDefinition definition, StructType actual, List<String> partitions) {
    Map<String, DataType> expected = new LinkedHashMap<>();
    for (StructField field : definition.schema().fields()) {
      expected.put(field.name(), field.dataType());
    }
    Map<String, DataType> found = new LinkedHashMap<>();
    for (StructField field : actual.fields()) {
      found.put(field.name(), field.dataType());
    }
    List<String> problems = new ArrayList<>();
    expected.forEach(
        (name, type) -> {
          if (!found.containsKey(name)) {
            problems.add("column " + name + " is missing");
          } else if (!found.get(name).equals(type)) {
            problems.add(
                "column "
                    + name
                    + " is "
                    + found.get(name).simpleString()
                    + ", expected "
                    + type.simpleString());
          }
        });
    found.keySet().stream()
        .filter(name -> !expected.containsKey(name))
        .forEach(name -> problems.add("column " + name + " is not one the job writes"));
    if (!partitions.equals(definition.partitionColumns())) {
      problems.add("partitioned by " + partitions + ", expected " + definition.partitionColumns());
    }
    return problems;
  }
}
