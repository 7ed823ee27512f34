package io.anomalypipe.generator;

import java.util.Arrays;
import java.util.Objects;

/**
 * A record the sink acknowledged: where it was stored and what it was. What tests of the jobs
 * downstream compare with what they read from Kafka.
 *
 * @param subkind see {@link GeneratedRecord#subkind()}
 * @param eventId see {@link GeneratedRecord#eventId()}
 */
public record SentRecord(
    String topic,
    int partition,
    long offset,
    byte[] key,
    byte[] value,
    RecordKind kind,
    String subkind,
    String eventId) {

  public static SentRecord of(GeneratedRecord record, String topic, int partition, long offset) {
    return new SentRecord(
        topic,
        partition,
        offset,
        record.key(),
        record.value(),
        record.kind(),
        record.subkind(),
        record.eventId());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SentRecord that
        && topic.equals(that.topic)
        && partition == that.partition
        && offset == that.offset
        && Arrays.equals(key, that.key)
        && Arrays.equals(value, that.value)
        && kind == that.kind
        && Objects.equals(subkind, that.subkind)
        && Objects.equals(eventId, that.eventId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic, partition, offset, Arrays.hashCode(value), kind, eventId);
  }

  @Override
  public String toString() {
    return "SentRecord["
        + topic
        + "-"
        + partition
        + "@"
        + offset
        + ", kind="
        + kind
        + ", subkind="
        + subkind
        + ", eventId="
        + eventId
        + "]";
  }
}
