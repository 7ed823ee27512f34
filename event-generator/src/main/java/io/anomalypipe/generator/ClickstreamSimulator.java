package io.anomalypipe.generator;

import java.util.ArrayDeque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The simulation: {@code generator.count} records of simulated users' sessions, in event-time
 * order, with duplicates, malformed records, late events and labelled anomalies injected at the
 * configured rates. Pure and Kafka-free: the same config (seed, start-time, rates...) and partition
 * count give the same records, byte for byte.
 *
 * <p>Sessions start by a diurnal Poisson process ({@link SessionArrivals}) calibrated so that the
 * records spread over {@code simulated-span} from {@code start-time}, and follow the {@link
 * SessionFunnel}. For each record a draw decides what it is: a duplicate of one of the last few
 * hundred well-formed records, a malformed record, a late event ({@code late-by} behind the latest
 * on-time event), an anomaly, or the next on-time event. A bot burst fills the slots after its
 * first event and the anomaly draws that follow are skipped to make up for it, so the anomaly rate
 * holds in records.
 */
public final class ClickstreamSimulator implements RecordSource {

  static final int DUPLICATE_HISTORY = 512;
  static final int MIN_DUPLICATE_LAG = 3;
  static final int MAX_DUPLICATE_LAG = 400;
  private static final double MEAN_EXTRA_DUPLICATE_LAG = 40;
  static final double OTHER_PARTITION_SHARE = 0.3;

  private static final EventType[] LATE_TYPES = {
    EventType.PAGE_VIEW, EventType.SEARCH, EventType.CLICK, EventType.ADD_TO_CART
  };
  private static final double[] LATE_TYPE_WEIGHTS = {0.5, 0.15, 0.25, 0.1};

  private final long count;
  private final int partitionCount;
  private final long lateByMillis;
  private final double duplicateBelow;
  private final double malformedBelow;
  private final double lateBelow;
  private final double anomalyBelow;

  private final SplittableRandom kindRandom;
  private final SplittableRandom sessionRandom;
  private final SplittableRandom injectionRandom;
  private final UserPopulation users;
  private final EventFactory factory;
  private final SessionArrivals arrivals;
  private final PriorityQueue<ActiveSession> sessions = new PriorityQueue<>(ActiveSession.ORDER);
  private final EventJsonEncoder encoder = new EventJsonEncoder();
  private final MalformedPayloads malformed = new MalformedPayloads(encoder);
  private final AnomalyInjector anomalies;

  private final GeneratedRecord[] history = new GeneratedRecord[DUPLICATE_HISTORY];
  private long remembered;
  private final ArrayDeque<GeneratedRecord> pending = new ArrayDeque<>();
  private long produced;
  private long streamTime;
  private long anomalyDebt;
  private long sessionsStarted;

  /**
   * @param partitionCount partitions of the topic, to send some duplicates to another partition
   *     than their key's
   */
  public ClickstreamSimulator(GeneratorConfig config, int partitionCount) {
    if (partitionCount < 1) {
      throw new IllegalArgumentException("partitionCount must be positive: " + partitionCount);
    }
    this.count = config.count();
    this.partitionCount = partitionCount;
    this.lateByMillis = config.lateBy().toMillis();
    this.duplicateBelow = config.duplicateRate();
    this.malformedBelow = duplicateBelow + config.malformedRate();
    this.lateBelow = malformedBelow + config.lateRate();
    this.anomalyBelow = lateBelow + config.anomalyRate();

    SplittableRandom root = new SplittableRandom(config.seed());
    SplittableRandom populationRandom = root.split();
    this.kindRandom = root.split();
    this.sessionRandom = root.split();
    this.injectionRandom = root.split();
    SplittableRandom arrivalRandom = root.split();

    this.users = new UserPopulation(config.users(), populationRandom);
    this.factory = new EventFactory(new SiteCatalog());
    this.anomalies = new AnomalyInjector(users, factory);
    long start = config.startTime().toEpochMilli();
    this.streamTime = start;
    double onTimeEvents = Math.max(1.0, count * (1.0 - anomalyBelow));
    double sessionCount = Math.max(1.0, onTimeEvents / SessionFunnel.MEAN_SESSION_LENGTH);
    long spanMillis = config.simulatedSpan().toMillis();
    this.arrivals =
        new SessionArrivals(
            users,
            start,
            SessionArrivals.peakRateFor(users, start, spanMillis, sessionCount),
            arrivalRandom);
  }

  @Override
  public OptionalLong expectedCount() {
    return OptionalLong.of(count);
  }

  @Override
  public boolean hasNext() {
    return produced < count;
  }

  @Override
  public GeneratedRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException("all " + count + " records were produced");
    }
    produced++;
    if (!pending.isEmpty()) {
      return pending.poll();
    }
    double draw = kindRandom.nextDouble();
    if (draw < duplicateBelow) {
      if (remembered >= MIN_DUPLICATE_LAG) {
        return duplicate();
      }
    } else if (draw < malformedBelow) {
      return malformed();
    } else if (draw < lateBelow) {
      return remember(late());
    } else if (draw < anomalyBelow) {
      if (anomalyDebt > 0) {
        anomalyDebt--;
      } else {
        return anomaly();
      }
    }
    return remember(record(nextOnTimeEvent(), RecordKind.VALID, null));
  }

  /** The earliest next event among the open sessions, starting the sessions due before it. */
  private SimulatedEvent nextOnTimeEvent() {
    while (sessions.isEmpty() || arrivals.time() <= sessions.peek().nextTime()) {
      sessions.add(
          new ActiveSession(
              arrivals.user(), arrivals.time(), sessionsStarted++, factory, sessionRandom));
      arrivals.advance();
    }
    ActiveSession session = sessions.poll();
    SimulatedEvent event = session.emit(factory, sessionRandom);
    if (!session.finished()) {
      sessions.add(session);
    }
    streamTime = Math.max(streamTime, event.timestamp());
    return event;
  }

  private GeneratedRecord late() {
    UserProfile user = users.byActivity(injectionRandom);
    EventType type = LATE_TYPES[Distributions.weightedIndex(injectionRandom, LATE_TYPE_WEIGHTS)];
    SimulatedEvent event = factory.single(user, type, streamTime - lateByMillis, injectionRandom);
    return record(event, RecordKind.LATE, null);
  }

  private GeneratedRecord malformed() {
    MalformedKind kind =
        MalformedKind.values()[injectionRandom.nextInt(MalformedKind.values().length)];
    UserProfile user = users.byActivity(injectionRandom);
    SimulatedEvent base = factory.single(user, EventType.PAGE_VIEW, streamTime, injectionRandom);
    MalformedPayloads.MalformedPayload payload = malformed.build(kind, base, injectionRandom);
    return new GeneratedRecord(
        user.key(),
        payload.bytes(),
        OptionalInt.empty(),
        RecordKind.MALFORMED,
        kind.name(),
        payload.eventId());
  }

  private GeneratedRecord anomaly() {
    AnomalyKind kind = anomalies.pickKind(injectionRandom);
    if (kind == AnomalyKind.ODD_HOUR) {
      SimulatedEvent atNight = anomalies.oddHour(streamTime, injectionRandom);
      if (atNight != null) {
        return remember(anomalyRecord(atNight, kind));
      }
      // Nobody lives where it is night at this instant: another kind instead.
      while (kind == AnomalyKind.ODD_HOUR) {
        kind = anomalies.pickKind(injectionRandom);
      }
    }
    SimulatedEvent event =
        switch (kind) {
          case BOT_BURST -> botBurst();
          case EXTREME_VALUE -> anomalies.extremeValue(nextOnTimeEvent(), injectionRandom);
          case PURCHASE_WITHOUT_VIEW -> anomalies.purchaseWithoutView(streamTime, injectionRandom);
          case ODD_HOUR -> throw new IllegalStateException("ODD_HOUR was replaced above");
        };
    return remember(anomalyRecord(event, kind));
  }

  /**
   * Makes a burst, queues all its events but the first (returned) for the next slots, and skips as
   * many later anomaly draws to keep the anomaly rate in records.
   */
  private SimulatedEvent botBurst() {
    int size = (int) Math.min(anomalies.burstSize(injectionRandom), count - produced + 1);
    List<SimulatedEvent> burst = anomalies.botBurst(streamTime, size, injectionRandom);
    for (int i = 1; i < burst.size(); i++) {
      pending.add(remember(anomalyRecord(burst.get(i), AnomalyKind.BOT_BURST)));
    }
    anomalyDebt += burst.size() - 1;
    return burst.get(0);
  }

  private GeneratedRecord duplicate() {
    long available = Math.min(remembered, Math.min(MAX_DUPLICATE_LAG, DUPLICATE_HISTORY));
    long lag =
        Math.min(
            available,
            MIN_DUPLICATE_LAG
                + (long) Distributions.exponential(injectionRandom, MEAN_EXTRA_DUPLICATE_LAG));
    GeneratedRecord original = history[(int) ((remembered - lag) % DUPLICATE_HISTORY)];
    boolean elsewhere = partitionCount > 1 && injectionRandom.nextDouble() < OTHER_PARTITION_SHARE;
    OptionalInt partition = OptionalInt.empty();
    DuplicatePlacement placement = DuplicatePlacement.SAME_PARTITION;
    if (elsewhere) {
      int keyPartition = KeyPartitioner.partitionFor(original.key(), partitionCount);
      partition =
          OptionalInt.of(
              (keyPartition + 1 + injectionRandom.nextInt(partitionCount - 1)) % partitionCount);
      placement = DuplicatePlacement.OTHER_PARTITION;
    }
    return new GeneratedRecord(
        original.key(),
        original.value(),
        partition,
        RecordKind.DUPLICATE,
        placement.name(),
        original.eventId());
  }

  private GeneratedRecord anomalyRecord(SimulatedEvent event, AnomalyKind kind) {
    return record(event, RecordKind.ANOMALY, kind.name());
  }

  private GeneratedRecord record(SimulatedEvent event, RecordKind kind, String subkind) {
    return new GeneratedRecord(
        event.user().key(),
        encoder.encode(event),
        OptionalInt.empty(),
        kind,
        subkind,
        event.eventId());
  }

  /** Keeps a well-formed record as a candidate for duplication. */
  private GeneratedRecord remember(GeneratedRecord record) {
    history[(int) (remembered % DUPLICATE_HISTORY)] = record;
    remembered++;
    return record;
  }
}
