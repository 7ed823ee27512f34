package io.anomalypipe.silver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.anomalypipe.common.schema.BronzeTable;
import io.anomalypipe.common.schema.SilverTable;
import io.anomalypipe.common.spark.DeltaTableDefinition;
import io.anomalypipe.common.testing.SparkTestSession;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Start-up: the tables are created with their properties; an incompatible one stops the job. */
class SilverTablesTest {

  @RegisterExtension static final SparkTestSession SPARK = new SparkTestSession();

  @TempDir Path dir;

  private SilverConfig config() {
    return SilverConfigTest.config(
        "--storage.tables-root", dir.resolve("tables").toString(),
        "--storage.checkpoints-root", dir.resolve("checkpoints").toString());
  }

  private static String property(String path, String key) {
    Row detail = DeltaTable.forPath(SPARK.session(), path).detail().first();
    scala.Option<String> value =
        detail.<scala.collection.Map<String, String>>getAs("properties").get(key);
    return value.isDefined() ? value.get() : null;
  }

  private static String partitionColumns(String path) {
    return DeltaTable.forPath(SPARK.session(), path)
        .detail()
        .first()
        .<Object>getAs("partitionColumns")
        .toString();
  }

  @Test
  void aFirstRunCreatesTheThreeTablesWithTheirPropertiesAndPartitioning() throws Exception {
    SilverConfig config = config();
    BronzeTable.DEFINITION.createIfNotExists(SPARK.session(), config.bronzeTablePath());

    StreamingQuery query = SilverJob.start(SPARK.session(), config);
    try {
      assertThat(query.awaitTermination(TimeUnit.MINUTES.toMillis(2))).isTrue();
    } finally {
      query.stop();
    }

    assertThat(property(config.silverTablePath(), "delta.enableChangeDataFeed")).isEqualTo("true");
    assertThat(property(config.silverTablePath(), "delta.enableDeletionVectors")).isEqualTo("true");
    assertThat(partitionColumns(config.silverTablePath())).contains(SilverTable.EVENT_DATE);
    assertThat(property(config.quarantineTablePath(), "delta.appendOnly")).isEqualTo("true");
    assertThat(partitionColumns(config.quarantineTablePath())).contains("quarantine_date");
    assertThat(property(config.auditTablePath(), "delta.appendOnly")).isEqualTo("true");
    assertThat(SPARK.session().read().format("delta").load(config.silverTablePath()).columns())
        .containsExactly(SilverTable.SCHEMA.fieldNames());
  }

  @Test
  void anExistingSilverTableWhoseColumnChangedTypeStopsTheStartNamingTheColumn() {
    SilverConfig config = config();
    BronzeTable.DEFINITION.createIfNotExists(SPARK.session(), config.bronzeTablePath());
    StructType valueAsText =
        new StructType(
            Arrays.stream(SilverTable.SCHEMA.fields())
                .map(
                    f ->
                        f.name().equals(SilverTable.VALUE)
                            ? new StructField(f.name(), DataTypes.StringType, true, f.metadata())
                            : f)
                .toArray(StructField[]::new));
    new DeltaTableDefinition(
            SilverTable.DEFINITION.name(),
            valueAsText,
            SilverTable.DEFINITION.partitionColumns(),
            SilverTable.DEFINITION.properties())
        .createIfNotExists(SPARK.session(), config.silverTablePath());

    assertThatThrownBy(() -> SilverJob.start(SPARK.session(), config))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("silver_events")
        .hasMessageContaining("column 'value' is string in the table, but the job writes double");
    assertThat(DeltaTable.isDeltaTable(SPARK.session(), config.auditTablePath()))
        .as("nothing else was created")
        .isFalse();
  }

  @Test
  void anExistingSilverTableWithoutAColumnStopsTheStart() {
    SilverConfig config = config();
    BronzeTable.DEFINITION.createIfNotExists(SPARK.session(), config.bronzeTablePath());
    new DeltaTableDefinition(
            SilverTable.DEFINITION.name(),
            new StructType(
                Arrays.stream(SilverTable.SCHEMA.fields())
                    .filter(f -> !f.name().equals(SilverTable.SESSION_ID))
                    .toArray(StructField[]::new)),
            SilverTable.DEFINITION.partitionColumns(),
            SilverTable.DEFINITION.properties())
        .createIfNotExists(SPARK.session(), config.silverTablePath());

    assertThatThrownBy(() -> SilverJob.start(SPARK.session(), config))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("column 'session_id' (string) is missing from the table");
  }

  @Test
  void withoutBronzeTheStartFailsSayingSo() {
    assertThatThrownBy(() -> SilverJob.start(SPARK.session(), config()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("bronze_events is not a Delta table")
        .hasMessageContaining("run the Bronze job first");
  }
}
