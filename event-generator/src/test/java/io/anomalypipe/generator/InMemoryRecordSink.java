package io.anomalypipe.generator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A sink that stores records in memory the way Kafka would: partition from the explicit one or the
 * key (unkeyed ones to partition 0), offsets counting up per partition. Acknowledges at once, or
 * fails the records from a given index on.
 */
final class InMemoryRecordSink implements RecordSink {

  private final int partitions;
  private final long failFrom;
  private final long[] nextOffsets;
  private final List<SentRecord> stored = Collections.synchronizedList(new ArrayList<>());
  private long index;
  private boolean closed;

  InMemoryRecordSink(int partitions) {
    this(partitions, Long.MAX_VALUE);
  }

  InMemoryRecordSink(int partitions, long failFrom) {
    this.partitions = partitions;
    this.failFrom = failFrom;
    this.nextOffsets = new long[partitions];
  }

  @Override
  public String topic() {
    return "in-memory";
  }

  @Override
  public int partitionCount() {
    return partitions;
  }

  @Override
  public void send(GeneratedRecord record, SendListener listener) {
    if (index++ >= failFrom) {
      listener.failed(record, new IllegalStateException("broker gone"));
      return;
    }
    int partition =
        record.partition().isPresent()
            ? record.partition().getAsInt()
            : record.key() == null ? 0 : KeyPartitioner.partitionFor(record.key(), partitions);
    SentRecord sent = SentRecord.of(record, topic(), partition, nextOffsets[partition]++);
    stored.add(sent);
    listener.acknowledged(sent);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    closed = true;
  }

  List<SentRecord> stored() {
    return stored;
  }

  boolean closed() {
    return closed;
  }
}
