package io.anomalypipe.silver;

import io.anomalypipe.generator.EventGenerator;
import io.anomalypipe.generator.GeneratedRecord;
import io.anomalypipe.generator.GeneratorConfig;
import io.anomalypipe.generator.RecordSink;
import io.anomalypipe.generator.SendListener;
import io.anomalypipe.generator.SentRecord;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The event generator run into memory: what it would send to Kafka, with made-up offsets. */
final class GeneratedRecords {

  private GeneratedRecords() {}

  /** Runs the generator with {@code flags} (generator keys) and returns its records in order. */
  static List<SentRecord> generate(String... flags) {
    List<SentRecord> sent = new ArrayList<>();
    EventGenerator.run(
        GeneratorConfig.fromArgs(flags),
        new MemorySink(4),
        sent::add,
        new PrintStream(OutputStream.nullOutputStream()));
    return sent;
  }

  /** Acknowledges every record at once, at the next offset of its partition (0 if none given). */
  private static final class MemorySink implements RecordSink {
    private final int partitions;
    private final Map<Integer, Long> nextOffset = new HashMap<>();

    MemorySink(int partitions) {
      this.partitions = partitions;
    }

    @Override
    public String topic() {
      return BronzeRows.TOPIC;
    }

    @Override
    public int partitionCount() {
      return partitions;
    }

    @Override
    public void send(GeneratedRecord record, SendListener listener) {
      int partition = record.partition().orElse(Math.floorMod(record.hashCode(), partitions));
      long offset = nextOffset.merge(partition, 1L, Long::sum) - 1;
      listener.acknowledged(SentRecord.of(record, topic(), partition, offset));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
