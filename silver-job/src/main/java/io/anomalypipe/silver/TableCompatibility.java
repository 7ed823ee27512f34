package io.anomalypipe.silver;

import io.anomalypipe.common.spark.DeltaTableDefinition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Whether an existing table can take what the job writes. Pure: schemas in, problems out.
 *
 * <p>Every column the job writes must exist with the same type (nullability aside): a missing
 * column would make the write fail or, with schema evolution, add it silently; a different type
 * would cast or lose data. The partitioning must be the declared one, since the MERGE prunes by it.
 * Extra columns in the table are fine: the job leaves them null.
 */
final class TableCompatibility {

  private TableCompatibility() {}

  /** One sentence per problem, each naming the column; empty when the table is compatible. */
  static List<String> problems(
      DeltaTableDefinition expected, StructType actual, List<String> actualPartitionColumns) {
    Map<String, StructField> actualFields =
        Arrays.stream(actual.fields())
            .collect(Collectors.toMap(f -> normalized(f.name()), Function.identity(), (a, b) -> a));
    List<String> problems = new ArrayList<>();
    for (StructField field : expected.schema().fields()) {
      StructField found = actualFields.get(normalized(field.name()));
      if (found == null) {
        problems.add(
            "column '"
                + field.name()
                + "' ("
                + field.dataType().simpleString()
                + ") is missing from the table");
      } else if (!found.dataType().simpleString().equals(field.dataType().simpleString())) {
        problems.add(
            "column '"
                + field.name()
                + "' is "
                + found.dataType().simpleString()
                + " in the table, but the job writes "
                + field.dataType().simpleString());
      }
    }
    List<String> partitions =
        actualPartitionColumns.stream().map(TableCompatibility::normalized).toList();
    List<String> expectedPartitions =
        expected.partitionColumns().stream().map(TableCompatibility::normalized).toList();
    if (!partitions.equals(expectedPartitions)) {
      problems.add(
          "the table is partitioned by "
              + actualPartitionColumns
              + ", but the job expects "
              + expected.partitionColumns());
    }
    return problems;
  }

  /** Delta resolves column names case-insensitively by default. */
  private static String normalized(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
