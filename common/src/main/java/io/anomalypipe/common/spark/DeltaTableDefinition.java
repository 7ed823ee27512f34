package io.anomalypipe.common.spark;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A Delta table's schema, partitioning and properties, declared once and created on first use, so
 * that the table exists with the right properties before any stream writes to it.
 */
public record DeltaTableDefinition(
    String name, StructType schema, List<String> partitionColumns, Map<String, String> properties) {

  public DeltaTableDefinition {
    partitionColumns = List.copyOf(partitionColumns);
    properties = Map.copyOf(properties);
  }

  /** Creates the table at {@code location} unless a Delta table is already there. */
  public void createIfNotExists(SparkSession spark, String location) {
    DeltaTableBuilder builder =
        DeltaTable.createIfNotExists(spark)
            .location(location)
            .addColumns(schema)
            .comment(name)
            .partitionedBy(partitionColumns.toArray(String[]::new));
    for (Map.Entry<String, String> property : properties.entrySet()) {
      builder = builder.property(property.getKey(), property.getValue());
    }
    builder.execute();
  }
}
