package io.anomalypipe.generator;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
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
 * records spread over the config's {@link GeneratorConfig#eventSpan() event span}, and follow the
 * {@link SessionFunnel}. For each record a draw decides what it is: a duplicate of one of the last
 * few hundred well-formed records, a malformed record, a late event ({@code late-by} behind the
 * latest on-time event), an anomaly, or the next on-time event. The anomaly draws after a bot burst
 * are skipped to make up for its extra events, so the anomaly rate holds in records.
 *
 * <p>A window run ({@link #ClickstreamSimulator(GeneratorConfig, int)}) starts at {@code
 * start-time} or ends at the end of its {@link Timeline}; a burst fills the slots after its first
 * event. A live run ({@link #live}) starts when sending does and stamps each record with when to
 * send it ({@link GeneratedRecord#sendAt()}): at its event time, or the stream's time for a record
 * without one, plus a jitter of up to {@code live-jitter}; records come out in that order. There a
 * burst's events are merged by time with the other sessions' events, since a sender that held the
 * stream for a burst's seconds would send the events behind it late.
 */
public final class ClickstreamSimulator implements RecordSource {

  static final int DUPLICATE_HISTORY = 512;
  static final int MIN_DUPLICATE_LAG = 3;
  static final int MAX_DUPLICATE_LAG = 400;
  private static final double MEAN_EXTRA_DUPLICATE_LAG = 40;
  static final double OTHER_PARTITION_SHARE = 0.3;

  /**
   * How long before its start a live run's sessions begin: their events before the start are
   * simulated, not sent, so the run starts among sessions in progress, at its full rate. A session
   * lasts 100 s on average and 99% end within about 10 minutes; from a cold start the event rate
   * would take minutes to climb from a fifth of the rate (first events only) to all of it.
   */
  static final long LIVE_WARM_UP_MILLIS = Duration.ofMinutes(10).toMillis();

  private static final EventType[] LATE_TYPES = {
    EventType.PAGE_VIEW, EventType.SEARCH, EventType.CLICK, EventType.ADD_TO_CART
  };
  private static final double[] LATE_TYPE_WEIGHTS = {0.5, 0.15, 0.25, 0.1};

  /** Records sent; {@link #skip} more are made first and not sent. */
  private final long count;

  private final long skip;
  private final long total;
  private final boolean burstsCut;
  private final int partitionCount;
  private final long lateByMillis;
  private final boolean live;
  private final long jitterMillis;
  private final double duplicateBelow;
  private final double malformedBelow;
  private final double lateBelow;
  private final double anomalyBelow;

  private final SplittableRandom kindRandom;
  private final SplittableRandom sessionRandom;
  private final SplittableRandom injectionRandom;
  private final SplittableRandom jitterRandom;
  private final UserPopulation users;
  private final EventFactory factory;
  private final SessionArrivals arrivals;
  private final PriorityQueue<ActiveSession> sessions = new PriorityQueue<>(ActiveSession.ORDER);
  private final PriorityQueue<QueuedEvent> pending = new PriorityQueue<>(QueuedEvent.ORDER);
  private final PriorityQueue<Outgoing> outbox = new PriorityQueue<>(Outgoing.ORDER);
  private final EventJsonEncoder encoder = new EventJsonEncoder();
  private final MalformedPayloads malformed = new MalformedPayloads(encoder);
  private final AnomalyInjector anomalies;

  private final GeneratedRecord[] history = new GeneratedRecord[DUPLICATE_HISTORY];
  private final long[] historyIndex = new long[DUPLICATE_HISTORY];
  private long remembered;
  private long queued;
  private long produced;
  private long streamTime;
  private long dueClock;
  private long outgoing;
  private long anomalyDebt;
  private long sessionsStarted;

  /**
   * The simulation of a window run: from the config's start-time over its simulated-span, or, with
   * start-time auto, the span that ends now, exactly (see {@link SimulationPlan}; from a start the
   * last events fall only about at its end).
   *
   * @param partitionCount partitions of the topic, to send some duplicates to another partition
   *     than their key's
   * @throws IllegalArgumentException for a live config, which has no start-time: see {@link #live}
   */
  public ClickstreamSimulator(GeneratorConfig config, int partitionCount) {
    this(config, partitionCount, SimulationPlan.window(config, partitionCount));
  }

  /**
   * The simulation of a live run whose sending starts at {@code start}: events from then on, over
   * {@code count / rate} seconds, each record stamped with when to send it.
   *
   * @throws IllegalArgumentException if the config is not live
   */
  public static ClickstreamSimulator live(
      GeneratorConfig config, int partitionCount, Instant start) {
    if (!config.live()) {
      throw new IllegalArgumentException(
          "not a live config: " + config.timeline() + ", rate " + config.rate());
    }
    SimulationPlan plan = SimulationPlan.live(config, start.toEpochMilli());
    return new ClickstreamSimulator(config, partitionCount, plan);
  }

  /** The simulation the plan describes. */
  ClickstreamSimulator(GeneratorConfig config, int partitionCount, SimulationPlan plan) {
    if (partitionCount < 1) {
      throw new IllegalArgumentException("partitionCount must be positive: " + partitionCount);
    }
    this.live = plan.live();
    this.jitterMillis = config.liveJitter().toMillis();
    this.total = plan.total();
    this.skip = plan.skip();
    this.count = total - skip;
    this.burstsCut = !plan.uncutBursts();
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
    this.jitterRandom = root.split();

    this.users = new UserPopulation(config.users(), populationRandom);
    this.factory = new EventFactory(new SiteCatalog());
    this.anomalies = new AnomalyInjector(users, factory);
    long start = plan.start();
    double onTimeEvents = Math.max(1.0, plan.records() * (1.0 - anomalyBelow));
    double sessionCount = Math.max(1.0, onTimeEvents / SessionFunnel.MEAN_SESSION_LENGTH);
    this.arrivals =
        new SessionArrivals(
            users,
            live ? start - LIVE_WARM_UP_MILLIS : start,
            SessionArrivals.peakRateFor(users, start, plan.spanMillis(), sessionCount),
            arrivalRandom);
    if (live) {
      while (nextOnTimeTime() < start) {
        nextOnTimeEvent();
      }
    }
    this.streamTime = start;
    this.dueClock = start;
    while (produced < skip) {
      simulateNext();
    }
  }

  /**
   * How many records this simulation makes before its next on-time event would come after {@code
   * end} (the queued events of a burst begun before it included).
   */
  long recordsUntil(long end) {
    long made = 0;
    while (!pending.isEmpty() || nextOnTimeTime() <= end) {
      simulateNext();
      made++;
    }
    return made;
  }

  @Override
  public OptionalLong expectedCount() {
    return OptionalLong.of(count);
  }

  @Override
  public boolean hasNext() {
    return produced < total || !outbox.isEmpty();
  }

  @Override
  public GeneratedRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException("all " + count + " records were produced");
    }
    if (!live) {
      return simulateNext();
    }
    // A record waits here until no record still to come can be due before it: with a jitter,
    // records go out in another order than their events happened, as from many clients.
    while (produced < total && (outbox.isEmpty() || outbox.peek().sendAt() > dueClock)) {
      outbox.add(new Outgoing(simulateNext(), outgoing++));
    }
    return outbox.poll().record();
  }

  /** The next record the simulation makes. */
  private GeneratedRecord simulateNext() {
    produced++;
    if (burstEventDue()) {
      SimulatedEvent event = pending.poll().event();
      if (live) {
        // Sent at its time, the burst event is the stream's present; in a window the burst runs
        // ahead of the stream, which stays with the sessions.
        streamTime = Math.max(streamTime, event.timestamp());
      }
      return remember(scheduled(anomalyRecord(event, AnomalyKind.BOT_BURST), event.timestamp()));
    }
    double draw = kindRandom.nextDouble();
    if (draw < duplicateBelow) {
      if (remembered >= MIN_DUPLICATE_LAG) {
        return duplicate();
      }
    } else if (draw < malformedBelow) {
      return scheduled(malformed(), streamTime);
    } else if (draw < lateBelow) {
      return remember(scheduled(late(), streamTime));
    } else if (draw < anomalyBelow) {
      if (anomalyDebt > 0) {
        anomalyDebt--;
      } else {
        return anomaly();
      }
    }
    SimulatedEvent event = nextOnTimeEvent();
    return remember(scheduled(record(event, RecordKind.VALID, null), event.timestamp()));
  }

  /**
   * Whether this slot goes to a queued burst event: in a window at once, so a burst comes out in
   * one piece; live when no other session's event comes before it, or when the slots left are all
   * the queued events'.
   */
  private boolean burstEventDue() {
    if (pending.isEmpty()) {
      return false;
    }
    if (!live || pending.size() > total - produced) {
      return true;
    }
    return pending.peek().event().timestamp() <= nextOnTimeTime();
  }

  /** The time of the next on-time event: the open sessions' next, or the next session's start. */
  private long nextOnTimeTime() {
    return sessions.isEmpty()
        ? arrivals.time()
        : Math.min(arrivals.time(), sessions.peek().nextTime());
  }

  /**
   * In a live run, the record stamped with when to send it: when it is due, plus a jitter drawn up
   * to {@code live-jitter}. It is due at {@code time}, or at the stream's time if that is later
   * (late events go out now), and never before the record made before it. A window run's records go
   * out as the rate lets them.
   */
  private GeneratedRecord scheduled(GeneratedRecord record, long time) {
    return scheduled(record, time, Long.MIN_VALUE);
  }

  /** Like {@link #scheduled(GeneratedRecord, long)}, and not before {@code notBefore}. */
  private GeneratedRecord scheduled(GeneratedRecord record, long time, long notBefore) {
    if (!live) {
      return record;
    }
    dueClock = Math.max(dueClock, Math.max(time, streamTime));
    long jitter = jitterMillis > 0 ? jitterRandom.nextLong(jitterMillis + 1) : 0;
    return record.sentAt(Math.max(dueClock + jitter, notBefore));
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
        return remember(scheduled(anomalyRecord(atNight, kind), atNight.timestamp()));
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
    return remember(scheduled(anomalyRecord(event, kind), event.timestamp()));
  }

  /**
   * Makes a burst, queues all its events but the first (returned) for later slots, and skips as
   * many later anomaly draws to keep the anomaly rate in records. A burst is cut to the slots that
   * are left, less those the queued events of an earlier burst hold; in a window that ends at a
   * time it is not, so that the probe and the run make the same records up to the end.
   */
  private SimulatedEvent botBurst() {
    int size = anomalies.burstSize(injectionRandom);
    if (burstsCut) {
      size = (int) Math.min(size, total - produced + 1 - pending.size());
    }
    List<SimulatedEvent> burst = anomalies.botBurst(streamTime, size, injectionRandom);
    for (int i = 1; i < burst.size(); i++) {
      pending.add(new QueuedEvent(burst.get(i), queued++));
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
    int slot = (int) ((remembered - lag) % DUPLICATE_HISTORY);
    GeneratedRecord original = history[slot];
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
    if (historyIndex[slot] <= skip) {
      // The original was made before the window and not sent: this goes out in its place, once.
      historyIndex[slot] = produced;
      return original;
    }
    GeneratedRecord duplicate =
        new GeneratedRecord(
            original.key(),
            original.value(),
            partition,
            RecordKind.DUPLICATE,
            placement.name(),
            original.eventId());
    // a duplicate is sent again now, never before its original (whose jitter may be longer)
    return scheduled(duplicate, streamTime, original.sendAt().orElse(Long.MIN_VALUE));
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

  /**
   * Keeps a well-formed record as a candidate for duplication; a record is remembered when it comes
   * out, so a duplicate never goes before its original.
   */
  private GeneratedRecord remember(GeneratedRecord record) {
    int slot = (int) (remembered % DUPLICATE_HISTORY);
    history[slot] = record;
    historyIndex[slot] = produced;
    remembered++;
    return record;
  }

  /** A live record waiting for its send time; earliest first, then in the order made. */
  private record Outgoing(GeneratedRecord record, long order) {
    static final Comparator<Outgoing> ORDER =
        Comparator.comparingLong(Outgoing::sendAt).thenComparingLong(Outgoing::order);

    long sendAt() {
      return record.sendAt().getAsLong();
    }
  }

  /** A burst event waiting for its slot; earliest first, then in the order queued. */
  private record QueuedEvent(SimulatedEvent event, long order) {
    static final Comparator<QueuedEvent> ORDER =
        Comparator.comparingLong((QueuedEvent queued) -> queued.event().timestamp())
            .thenComparingLong(QueuedEvent::order);
  }
}
