package io.anomalypipe.bronze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.anomalypipe.common.schema.BronzeTable;
import io.anomalypipe.common.testing.KafkaBrokerExtension;
import io.anomalypipe.common.testing.SparkTestSession;
import io.anomalypipe.generator.MalformedKind;
import io.anomalypipe.generator.RecordKind;
import io.anomalypipe.generator.SentRecord;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Generator → real Kafka broker → Bronze ({@code availableNow}) → the Delta table. */
@ExtendWith(KafkaBrokerExtension.class)
class BronzeKafkaToDeltaIntegrationTest {

  @RegisterExtension static final SparkTestSession SPARK = new SparkTestSession();

  @TempDir Path dir;

  @Test
  void everyProducedRecordLandsOnceByteForByteWithContiguousOffsets() throws Exception {
    String topic = KafkaBrokerExtension.createTopic("bronze-exact", 4);
    List<SentRecord> sent = BronzeTestTopics.produce(topic, 4_000, 7);
    BronzeConfig config =
        BronzeTestTopics.bronzeConfig(topic, dir, "--bronze.parquet-compression", "zstd");

    runToCompletion(config);

    Dataset<Row> bronze = BronzeTestTopics.read(SPARK.session(), config);
    BronzeTestTopics.assertLandedExactly(bronze, sent);
    assertThat(sent)
        .as("the run covered the awkward payloads")
        .anySatisfy(r -> assertThat(r.subkind()).isEqualTo(MalformedKind.EMPTY.name()))
        .anySatisfy(r -> assertThat(r.subkind()).isEqualTo(MalformedKind.NON_UTF8.name()))
        .anySatisfy(r -> assertThat(r.subkind()).isEqualTo(MalformedKind.OVERSIZED.name()))
        .anySatisfy(r -> assertThat(r.kind()).isEqualTo(RecordKind.DUPLICATE));

    try (var files = java.nio.file.Files.walk(Path.of(config.tablePath()))) {
      assertThat(files.map(Path::toString).filter(name -> name.endsWith(".parquet")))
          .isNotEmpty()
          .allSatisfy(name -> assertThat(name).endsWith(".zstd.parquet"));
    }
    DeltaTable table = DeltaTable.forPath(SPARK.session(), config.tablePath());
    assertThat(
            table
                .detail()
                .first()
                .<scala.collection.Map<String, String>>getAs("properties")
                .get("delta.appendOnly")
                .get())
        .isEqualTo("true");
    assertThat(table.detail().first().<Object>getAs("partitionColumns").toString())
        .contains(BronzeTable.INGEST_DATE);
    List<String> operations =
        table
            .history()
            .orderBy("version")
            .select("operation")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();
    assertThat(operations.get(0)).isEqualTo("CREATE TABLE");
    assertThat(operations.subList(1, operations.size())).containsOnly("STREAMING UPDATE");
  }

  @Test
  void aSecondRunAppendsOnlyWhatArrivedSince() throws Exception {
    String topic = KafkaBrokerExtension.createTopic("bronze-incremental", 3);
    BronzeConfig config = BronzeTestTopics.bronzeConfig(topic, dir);
    List<SentRecord> first = BronzeTestTopics.produce(topic, 1_500, 11);
    runToCompletion(config);
    long versionAfterFirst =
        DeltaTable.forPath(SPARK.session(), config.tablePath()).history(1).first().getLong(0);

    runToCompletion(config);
    assertThat(
            DeltaTable.forPath(SPARK.session(), config.tablePath()).history(1).first().getLong(0))
        .as("a run with nothing new commits nothing")
        .isEqualTo(versionAfterFirst);

    List<SentRecord> second = BronzeTestTopics.produce(topic, 1_000, 12);
    runToCompletion(config);

    List<SentRecord> all = new java.util.ArrayList<>(first);
    all.addAll(second);
    BronzeTestTopics.assertLandedExactly(BronzeTestTopics.read(SPARK.session(), config), all);
  }

  @Test
  void offsetsDeletedBeforeBronzeReadThemFailTheQueryUnlessAllowed() throws Exception {
    String topic = KafkaBrokerExtension.createTopic("bronze-dataloss", 1);
    BronzeConfig strict = BronzeTestTopics.bronzeConfig(topic, dir);
    BronzeTestTopics.produce(topic, 200, 21);
    runToCompletion(strict);
    BronzeTestTopics.produce(topic, 200, 22);
    deleteRecordsBefore(new TopicPartition(topic, 0), 300);

    assertThatThrownBy(() -> runToCompletion(strict))
        .isInstanceOf(StreamingQueryException.class)
        .hasMessageContaining("lost");
    assertThat(BronzeTestTopics.read(SPARK.session(), strict).count()).isEqualTo(200);

    BronzeConfig lenient =
        BronzeTestTopics.bronzeConfig(topic, dir, "--bronze.fail-on-data-loss", "false");
    runToCompletion(lenient);
    assertThat(BronzeTestTopics.read(SPARK.session(), lenient).count())
        .as("offsets 200..299 are gone, 300..399 land")
        .isEqualTo(300);
  }

  static void runToCompletion(BronzeConfig config) throws Exception {
    StreamingQuery query = BronzeJob.start(SPARK.session(), config, name -> null);
    try {
      assertThat(query.awaitTermination(TimeUnit.MINUTES.toMillis(3)))
          .as("availableNow ends by itself")
          .isTrue();
    } finally {
      query.stop();
    }
  }

  private static void deleteRecordsBefore(TopicPartition partition, long offset) throws Exception {
    Properties properties = new Properties();
    properties.put(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerExtension.bootstrapServers());
    try (Admin admin = Admin.create(properties)) {
      admin
          .deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(offset)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }
}
