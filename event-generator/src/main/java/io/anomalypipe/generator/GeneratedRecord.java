package io.anomalypipe.generator;

import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One Kafka record as the generator makes it, before it is sent.
 *
 * @param key the record key (the user id in UTF-8), or null for none
 * @param value the payload; empty for an EMPTY malformed record
 * @param partition an explicit partition (only duplicates sent elsewhere than the key would pick
 *     have one); empty = Kafka's partitioner decides from the key
 * @param kind what the record is
 * @param subkind for MALFORMED a {@link MalformedKind}, for ANOMALY an {@link AnomalyKind}, for
 *     DUPLICATE a {@link DuplicatePlacement} (by name); otherwise null
 * @param eventId the event_id the payload carries, or null if it has none a reader could extract
 * @param sendAt in a live run, when the record is to be sent (epoch milliseconds: its event time,
 *     or for a record without one the stream's time, plus the jitter); empty = whenever the rate
 *     lets it go
 */
public record GeneratedRecord(
    byte[] key,
    byte[] value,
    OptionalInt partition,
    RecordKind kind,
    String subkind,
    String eventId,
    OptionalLong sendAt) {

  public GeneratedRecord {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(sendAt, "sendAt");
  }

  /** A record to send whenever the rate lets it go. */
  public GeneratedRecord(
      byte[] key,
      byte[] value,
      OptionalInt partition,
      RecordKind kind,
      String subkind,
      String eventId) {
    this(key, value, partition, kind, subkind, eventId, OptionalLong.empty());
  }

  /** This record, to be sent at {@code epochMillis}. */
  GeneratedRecord sentAt(long epochMillis) {
    return new GeneratedRecord(
        key, value, partition, kind, subkind, eventId, OptionalLong.of(epochMillis));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof GeneratedRecord that
        && Arrays.equals(key, that.key)
        && Arrays.equals(value, that.value)
        && partition.equals(that.partition)
        && kind == that.kind
        && Objects.equals(subkind, that.subkind)
        && Objects.equals(eventId, that.eventId)
        && sendAt.equals(that.sendAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        Arrays.hashCode(key), Arrays.hashCode(value), partition, kind, subkind, eventId, sendAt);
  }

  @Override
  public String toString() {
    return "GeneratedRecord[kind="
        + kind
        + ", subkind="
        + subkind
        + ", eventId="
        + eventId
        + ", partition="
        + partition
        + ", valueBytes="
        + value.length
        + (sendAt.isPresent() ? ", sendAt=" + sendAt.getAsLong() : "")
        + "]";
  }
}
