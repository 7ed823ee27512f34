package io.anomalypipe.silver;

import static org.assertj.core.api.Assertions.assertThat;

import io.anomalypipe.common.schema.SilverTable;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class TableCompatibilityTest {

  static final List<String> PARTITIONS = List.of(SilverTable.EVENT_DATE);

  private static StructType replace(String column, StructField replacement) {
    return new StructType(
        Arrays.stream(SilverTable.SCHEMA.fields())
            .map(f -> f.name().equals(column) ? replacement : f)
            .filter(f -> f != null)
            .toArray(StructField[]::new));
  }

  @Test
  void theDeclaredTableIsCompatible() {
    assertThat(TableCompatibility.problems(SilverTable.DEFINITION, SilverTable.SCHEMA, PARTITIONS))
        .isEmpty();
  }

  @Test
  void extraColumnsAndOtherNullabilityAreFine() {
    StructType wider = SilverTable.SCHEMA.add("enriched_segment", DataTypes.StringType);
    StructType nullable =
        replace(
            SilverTable.VALUE,
            DataTypes.createStructField(SilverTable.VALUE, DataTypes.DoubleType, true));

    assertThat(TableCompatibility.problems(SilverTable.DEFINITION, wider, PARTITIONS)).isEmpty();
    assertThat(TableCompatibility.problems(SilverTable.DEFINITION, nullable, PARTITIONS)).isEmpty();
  }

  @Test
  void aMissingColumnIsNamed() {
    StructType withoutCountry = replace(SilverTable.COUNTRY, null);

    assertThat(TableCompatibility.problems(SilverTable.DEFINITION, withoutCountry, PARTITIONS))
        .containsExactly("column 'country' (string) is missing from the table");
  }

  @Test
  void aChangedTypeIsNamed() {
    StructType valueAsText =
        replace(
            SilverTable.VALUE,
            DataTypes.createStructField(SilverTable.VALUE, DataTypes.StringType, false));

    assertThat(TableCompatibility.problems(SilverTable.DEFINITION, valueAsText, PARTITIONS))
        .containsExactly("column 'value' is string in the table, but the job writes double");
  }

  @Test
  void otherPartitioningIsNamed() {
    assertThat(TableCompatibility.problems(SilverTable.DEFINITION, SilverTable.SCHEMA, List.of()))
        .containsExactly("the table is partitioned by [], but the job expects [event_date]");
  }
}
