package io.anomalypipe.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anomalypipe.common.schema.EventFields;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventGeneratorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PrintStream NO_PROGRESS =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  @TempDir Path dir;

  @Test
  void summaryManifestGroundTruthAndSinkAgree() throws IOException {
    Path manifest = dir.resolve("out/manifest.jsonl");
    Path truth = dir.resolve("out/truth.jsonl");
    GeneratorConfig config =
        TestConfigs.config(
            "generator.count",
            "20000",
            "generator.anomaly-rate",
            "0.03",
            "generator.manifest-path",
            manifest.toString(),
            "generator.ground-truth-path",
            truth.toString());
    InMemoryRecordSink sink = new InMemoryRecordSink(4);
    List<SentRecord> heard = Collections.synchronizedList(new ArrayList<>());

    GenerationSummary summary = EventGenerator.run(config, sink, heard::add, NO_PROGRESS);

    List<SentRecord> stored = sink.stored();
    assertThat(stored).hasSize(20_000);
    assertThat(heard).isEqualTo(stored);
    assertThat(sink.closed()).isFalse();
    assertThat(summary.sent()).isEqualTo(20_000);
    assertThat(summary.acknowledged()).isEqualTo(20_000);
    assertThat(summary.failed()).isZero();
    assertThat(summary.topic()).isEqualTo("in-memory");
    assertThat(summary.kinds().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(20_000);

    Map<RecordKind, Long> storedKinds = countBy(stored, SentRecord::kind);
    for (RecordKind kind : RecordKind.values()) {
      assertThat(summary.count(kind)).as(kind.name()).isEqualTo(storedKinds.getOrDefault(kind, 0L));
    }
    for (MalformedKind kind : MalformedKind.values()) {
      assertThat(summary.count(kind)).isEqualTo(countSubkind(stored, kind.name())).isPositive();
    }
    for (AnomalyKind kind : AnomalyKind.values()) {
      assertThat(summary.count(kind)).isEqualTo(countSubkind(stored, kind.name())).isPositive();
    }
    for (DuplicatePlacement placement : DuplicatePlacement.values()) {
      assertThat(summary.count(placement))
          .isEqualTo(countSubkind(stored, placement.name()))
          .isPositive();
    }

    List<JsonNode> manifestLines = readJsonLines(manifest);
    assertThat(manifestLines).hasSize(20_000);
    for (int i = 0; i < stored.size(); i++) {
      SentRecord sent = stored.get(i);
      JsonNode line = manifestLines.get(i);
      assertThat(line.get("kind").textValue()).isEqualTo(sent.kind().name());
      assertThat(line.get("subkind").isNull() ? null : line.get("subkind").textValue())
          .isEqualTo(sent.subkind());
      assertThat(line.get("event_id").isNull() ? null : line.get("event_id").textValue())
          .isEqualTo(sent.eventId());
      assertThat(line.get("partition").intValue()).isEqualTo(sent.partition());
      assertThat(line.get("offset").longValue()).isEqualTo(sent.offset());
    }

    List<JsonNode> truthLines = readJsonLines(truth);
    List<SentRecord> anomalies =
        stored.stream().filter(s -> s.kind() == RecordKind.ANOMALY).toList();
    assertThat(truthLines).hasSize((int) summary.count(RecordKind.ANOMALY));
    assertThat(truthLines.stream().map(l -> l.get("event_id").textValue()).toList())
        .isEqualTo(anomalies.stream().map(SentRecord::eventId).toList());
    assertThat(truthLines.stream().map(l -> l.get("kind").textValue()).toList())
        .isEqualTo(anomalies.stream().map(SentRecord::subkind).toList());
    assertThat(truthLines).allSatisfy(l -> assertThat(l.size()).isEqualTo(2));
  }

  @Test
  void theSinkGetsExactlyTheSimulatedRecords() {
    GeneratorConfig config = TestConfigs.config("generator.count", "3000");
    InMemoryRecordSink sink = new InMemoryRecordSink(3);

    EventGenerator.run(config, sink, sent -> {}, NO_PROGRESS);

    List<GeneratedRecord> simulated = TestConfigs.simulate(config, 3);
    assertThat(sink.stored()).hasSize(simulated.size());
    for (int i = 0; i < simulated.size(); i++) {
      SentRecord sent = sink.stored().get(i);
      GeneratedRecord expected = simulated.get(i);
      assertThat(sent.value()).isEqualTo(expected.value());
      assertThat(sent.key()).isEqualTo(expected.key());
      assertThat(sent.kind()).isEqualTo(expected.kind());
      int partition = expected.partition().orElse(KeyPartitioner.partitionFor(expected.key(), 3));
      assertThat(sent.partition()).isEqualTo(partition);
    }
  }

  @Test
  void anomaliesAreLabelledOnlyInTheGroundTruth() throws IOException {
    Path truth = dir.resolve("truth.jsonl");
    GeneratorConfig config =
        TestConfigs.config(
            "generator.count", "5000",
            "generator.anomaly-rate", "0.05",
            "generator.ground-truth-path", truth.toString());
    InMemoryRecordSink sink = new InMemoryRecordSink(2);

    EventGenerator.run(config, sink, sent -> {}, NO_PROGRESS);

    List<String> truthIds = readJsonLines(truth).stream().map(l -> text(l, "event_id")).toList();
    assertThat(truthIds).isNotEmpty().doesNotHaveDuplicates();
    Map<String, SentRecord> byId = new HashMap<>();
    sink.stored().stream()
        .filter(s -> s.kind() != RecordKind.DUPLICATE && s.eventId() != null)
        .forEach(s -> byId.put(s.eventId(), s));
    for (String id : truthIds) {
      SentRecord sent = byId.get(id);
      assertThat(sent.kind()).isEqualTo(RecordKind.ANOMALY);
      JsonNode payload = parse(sent.value());
      assertThat(text(payload, EventFields.EVENT_ID)).isEqualTo(id);
      assertThat(payload.size()).isEqualTo(9);
    }
  }

  @Test
  void aFailedSendStopsTheRunAndReportsWhatWasSent() {
    Path manifest = dir.resolve("manifest.jsonl");
    GeneratorConfig config =
        TestConfigs.config(
            "generator.count", "1000", "generator.manifest-path", manifest.toString());
    InMemoryRecordSink sink = new InMemoryRecordSink(2, 100);

    assertThatThrownBy(() -> EventGenerator.run(config, sink, sent -> {}, NO_PROGRESS))
        .isInstanceOfSatisfying(
            GenerationFailedException.class,
            e -> {
              assertThat(e.summary().acknowledged()).isEqualTo(100);
              assertThat(e.summary().failed()).isEqualTo(1);
              assertThat(e.summary().sent()).isEqualTo(101);
              assertThat(e.getMessage()).contains("broker gone").contains("1 of 101");
            });
    assertThat(readJsonLines(manifest)).hasSize(100);
  }

  @Test
  void aFailingListenerStopsTheRun() {
    GeneratorConfig config = TestConfigs.config("generator.count", "1000");
    InMemoryRecordSink sink = new InMemoryRecordSink(2);

    assertThatThrownBy(
            () ->
                EventGenerator.run(
                    config,
                    sink,
                    sent -> {
                      if (sent.offset() == 20) {
                        throw new IllegalStateException("listener broke");
                      }
                    },
                    NO_PROGRESS))
        .isInstanceOf(GenerationFailedException.class)
        .hasMessageContaining("Stopped after")
        .hasMessageContaining("listener broke");
    assertThat(sink.stored().size()).isLessThan(100);
  }

  @Test
  void replaySendsEachNonBlankLineAsItIs() throws IOException {
    byte[] nonUtf8 = {'{', '"', 'x', '"', ':', '"', (byte) 0xFF, '"', '}'};
    Path input = dir.resolve("replay.jsonl");
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.writeBytes(
        "{\"event_id\":\"e1\",\"user_id\":\"u-7\",\"value\":1}\n\n"
            .getBytes(StandardCharsets.UTF_8));
    file.writeBytes("not json at all\r\n".getBytes(StandardCharsets.UTF_8));
    file.writeBytes(nonUtf8);
    file.writeBytes("\n   \n{\"user_id\":42}".getBytes(StandardCharsets.UTF_8));
    Files.write(input, file.toByteArray());
    Path manifest = dir.resolve("manifest.jsonl");
    GeneratorConfig config =
        TestConfigs.config(
            "generator.input-file", input.toString(),
            "generator.count", "1",
            "generator.manifest-path", manifest.toString());
    InMemoryRecordSink sink = new InMemoryRecordSink(4);

    GenerationSummary summary = EventGenerator.run(config, sink, sent -> {}, NO_PROGRESS);

    List<SentRecord> stored = sink.stored();
    assertThat(summary.count(RecordKind.REPLAYED)).isEqualTo(4);
    assertThat(summary.acknowledged()).isEqualTo(4);
    assertThat(stored).extracting(SentRecord::kind).containsOnly(RecordKind.REPLAYED);
    assertThat(new String(stored.get(0).value(), StandardCharsets.UTF_8))
        .isEqualTo("{\"event_id\":\"e1\",\"user_id\":\"u-7\",\"value\":1}");
    assertThat(stored.get(0).key()).isEqualTo("u-7".getBytes(StandardCharsets.UTF_8));
    assertThat(stored.get(0).eventId()).isEqualTo("e1");
    assertThat(new String(stored.get(1).value(), StandardCharsets.UTF_8))
        .isEqualTo("not json at all");
    assertThat(stored.get(1).key()).isNull();
    assertThat(stored.get(2).value()).isEqualTo(nonUtf8);
    assertThat(stored.get(3).key()).isNull();
    assertThat(stored.get(3).eventId()).isNull();
    assertThat(readJsonLines(manifest)).hasSize(4);
    assertThat(summary.render()).contains("REPLAYED").contains("4");
  }

  @Test
  void theRenderedSummaryListsEveryKindAndSubkind() {
    GeneratorConfig config = TestConfigs.config("generator.count", "2000");

    GenerationSummary summary =
        EventGenerator.run(config, new InMemoryRecordSink(2), sent -> {}, NO_PROGRESS);

    String text = summary.render();
    assertThat(text).contains("Sent 2000 records to topic in-memory");
    assertThat(text).contains("2000 acknowledged, 0 failed");
    for (RecordKind kind : List.of(RecordKind.VALID, RecordKind.LATE, RecordKind.ANOMALY)) {
      assertThat(text).containsPattern(kind.name() + " +" + summary.count(kind));
    }
    assertThat(text).contains("BOT_BURST " + summary.count(AnomalyKind.BOT_BURST));
    assertThat(text).contains("NON_UTF8 " + summary.count(MalformedKind.NON_UTF8));
    assertThat(text)
        .contains("OTHER_PARTITION " + summary.count(DuplicatePlacement.OTHER_PARTITION));
    assertThat(text).doesNotContain("REPLAYED");
  }

  // --- helpers ---

  private static List<JsonNode> readJsonLines(Path file) {
    try {
      return Files.readAllLines(file).stream().map(EventGeneratorTest::parse).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode parse(String line) {
    return parse(line.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode parse(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String text(JsonNode node, String field) {
    return node.get(field).textValue();
  }

  private static <K> Map<K, Long> countBy(
      List<SentRecord> records, java.util.function.Function<SentRecord, K> key) {
    return records.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
  }

  private static long countSubkind(List<SentRecord> records, String subkind) {
    return records.stream().filter(r -> subkind.equals(r.subkind())).count();
  }
}
