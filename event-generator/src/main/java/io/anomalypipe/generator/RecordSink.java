package io.anomalypipe.generator;

/**
 * Where generated records go: Kafka ({@link KafkaRecordSink}) or, in tests, memory. Sends are
 * asynchronous; each record's outcome reaches the listener given with it, possibly on another
 * thread.
 */
public interface RecordSink extends AutoCloseable {

  /** The topic records go to, as reported in {@link SentRecord#topic()}. */
  String topic();

  /** Number of partitions of the topic (duplicates may be sent to another one than the key's). */
  int partitionCount();

  /** Sends one record; its outcome goes to {@code listener}. May block when buffers are full. */
  void send(GeneratedRecord record, SendListener listener);

  /** Blocks until every record sent so far was acknowledged or failed. */
  void flush();

  @Override
  void close();
}
