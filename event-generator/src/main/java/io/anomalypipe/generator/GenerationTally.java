package io.anomalypipe.generator;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Running counts of a generation; updated from the sink's callback threads. */
final class GenerationTally {

  private final LongAdder sent = new LongAdder();
  private final LongAdder acknowledged = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final Map<RecordKind, LongAdder> kinds = adders(RecordKind.class);
  private final Map<MalformedKind, LongAdder> malformed = adders(MalformedKind.class);
  private final Map<AnomalyKind, LongAdder> anomalies = adders(AnomalyKind.class);
  private final Map<DuplicatePlacement, LongAdder> duplicates = adders(DuplicatePlacement.class);

  void sent() {
    sent.increment();
  }

  void acknowledged(SentRecord record) {
    kinds.get(record.kind()).increment();
    switch (record.kind()) {
      case MALFORMED -> malformed.get(MalformedKind.valueOf(record.subkind())).increment();
      case ANOMALY -> anomalies.get(AnomalyKind.valueOf(record.subkind())).increment();
      case DUPLICATE -> duplicates.get(DuplicatePlacement.valueOf(record.subkind())).increment();
      default -> {}
    }
    acknowledged.increment();
  }

  void failed() {
    failed.increment();
  }

  long sentCount() {
    return sent.sum();
  }

  long acknowledgedCount() {
    return acknowledged.sum();
  }

  GenerationSummary summary(String topic, Duration elapsed) {
    return new GenerationSummary(
        topic,
        sent.sum(),
        acknowledged.sum(),
        failed.sum(),
        sums(kinds),
        sums(malformed),
        sums(anomalies),
        sums(duplicates),
        elapsed);
  }

  private static <E extends Enum<E>> Map<E, LongAdder> adders(Class<E> type) {
    Map<E, LongAdder> adders = new EnumMap<>(type);
    for (E constant : type.getEnumConstants()) {
      adders.put(constant, new LongAdder());
    }
    return adders;
  }

  private static <E extends Enum<E>> Map<E, Long> sums(Map<E, LongAdder> adders) {
    Map<E, Long> sums = new EnumMap<>(adders.keySet().iterator().next().getDeclaringClass());
    adders.forEach((key, adder) -> sums.put(key, adder.sum()));
    return sums;
  }
}
