package io.anomalypipe.generator;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * What a run sent: counts of acknowledged records by kind and subkind (these match the manifest and
 * the ground truth line for line), failures, and how long it took.
 *
 * @param sent records handed to the sink
 * @param acknowledged records the sink stored; the sum of {@link #kinds}
 * @param failed records the sink could not store
 */
public record GenerationSummary(
    String topic,
    long sent,
    long acknowledged,
    long failed,
    Map<RecordKind, Long> kinds,
    Map<MalformedKind, Long> malformed,
    Map<AnomalyKind, Long> anomalies,
    Map<DuplicatePlacement, Long> duplicates,
    Duration elapsed) {

  public GenerationSummary {
    kinds = Map.copyOf(kinds);
    malformed = Map.copyOf(malformed);
    anomalies = Map.copyOf(anomalies);
    duplicates = Map.copyOf(duplicates);
  }

  /** Acknowledged records of one kind. */
  public long count(RecordKind kind) {
    return kinds.getOrDefault(kind, 0L);
  }

  public long count(MalformedKind kind) {
    return malformed.getOrDefault(kind, 0L);
  }

  public long count(AnomalyKind kind) {
    return anomalies.getOrDefault(kind, 0L);
  }

  public long count(DuplicatePlacement placement) {
    return duplicates.getOrDefault(placement, 0L);
  }

  /** Acknowledged records per second of wall-clock time. */
  public double recordsPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds > 0 ? acknowledged / seconds : 0;
  }

  /** A human-readable report, several lines. */
  public String render() {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            "Sent %d records to topic %s in %.1f s (%.0f records/s): %d acknowledged, %d failed%n",
            sent,
            topic,
            elapsed.toNanos() / 1e9,
            recordsPerSecond(),
            acknowledged,
            failed));
    for (RecordKind kind : RecordKind.values()) {
      long count = count(kind);
      if (count == 0 && kind == RecordKind.REPLAYED) {
        continue;
      }
      text.append(String.format(Locale.ROOT, "  %-10s %10d", kind, count));
      String details =
          switch (kind) {
            case MALFORMED -> details(MalformedKind.values(), malformed);
            case ANOMALY -> details(AnomalyKind.values(), anomalies);
            case DUPLICATE -> details(DuplicatePlacement.values(), duplicates);
            default -> "";
          };
      text.append(details.isEmpty() ? "" : "  (" + details + ")").append(System.lineSeparator());
    }
    return text.toString();
  }

  private static <E extends Enum<E>> String details(E[] constants, Map<E, Long> counts) {
    StringBuilder text = new StringBuilder();
    for (E constant : constants) {
      if (text.length() > 0) {
        text.append(", ");
      }
      text.append(constant.name()).append(' ').append(counts.getOrDefault(constant, 0L));
    }
    return text.toString();
  }
}
