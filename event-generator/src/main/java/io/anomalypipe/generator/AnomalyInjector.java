package io.anomalypipe.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Makes the events of labelled anomalies ({@link AnomalyKind}). */
final class AnomalyInjector {

  /**
   * Chance of each kind per anomaly draw, in {@link AnomalyKind} order. A burst yields about 21
   * records, so bursts are drawn rarely to make up about half of the anomalous records.
   */
  private static final double[] KIND_WEIGHTS = {0.045, 0.32, 0.32, 0.315};

  static final int MIN_BURST = 12;
  static final int MAX_BURST = 30;
  static final long MIN_BURST_GAP_MILLIS = 40;
  static final long MAX_BURST_GAP_MILLIS = 250;
  static final double MIN_EXTREME_FACTOR = 50;
  static final double MAX_EXTREME_FACTOR = 200;

  private static final EventType[] BURST_TYPES = {
    EventType.PAGE_VIEW, EventType.CLICK, EventType.SEARCH, EventType.ADD_TO_CART
  };
  private static final double[] BURST_TYPE_WEIGHTS = {0.45, 0.35, 0.10, 0.10};
  private static final EventType[] BROWSING_TYPES = BURST_TYPES;
  private static final double[] ODD_HOUR_TYPE_WEIGHTS = {0.5, 0.2, 0.2, 0.1};

  private final UserPopulation users;
  private final EventFactory factory;

  AnomalyInjector(UserPopulation users, EventFactory factory) {
    this.users = users;
    this.factory = factory;
  }

  AnomalyKind pickKind(SplittableRandom random) {
    return AnomalyKind.values()[Distributions.weightedIndex(random, KIND_WEIGHTS)];
  }

  /** Burst sizes are drawn uniformly from {@link #MIN_BURST} to {@link #MAX_BURST}. */
  int burstSize(SplittableRandom random) {
    return MIN_BURST + random.nextInt(MAX_BURST - MIN_BURST + 1);
  }

  /**
   * BOT_BURST: {@code size} events of one user in one new session, 40-250 ms apart, starting at
   * {@code start}; page views and clicks with sub-second dwell, a few searches and cart adds.
   */
  List<SimulatedEvent> botBurst(long start, int size, SplittableRandom random) {
    UserProfile user = users.byActivity(random);
    String sessionId = factory.newId(random);
    Device device = user.preferredDevice();
    SiteCatalog catalog = factory.catalog();
    List<SimulatedEvent> events = new ArrayList<>(size);
    long time = start;
    for (int i = 0; i < size; i++) {
      EventType type = BURST_TYPES[Distributions.weightedIndex(random, BURST_TYPE_WEIGHTS)];
      String page =
          switch (type) {
            case SEARCH -> SiteCatalog.SEARCH;
            case PAGE_VIEW -> catalog.browsePage(random);
            default -> catalog.productPage(catalog.pickProduct(random));
          };
      double value =
          type.monetary()
              ? factory.itemPrice(user, random)
              : Distributions.cents(Distributions.uniform(random, 0.05, 0.5));
      events.add(
          new SimulatedEvent(
              factory.newId(random), user, sessionId, type, time, value, page, device));
      time += MIN_BURST_GAP_MILLIS + random.nextLong(MAX_BURST_GAP_MILLIS - MIN_BURST_GAP_MILLIS);
    }
    return events;
  }

  /**
   * EXTREME_VALUE: the event with its value 50-200 times the larger of its own value and the user's
   * usual (item price for money, dwell time otherwise).
   */
  SimulatedEvent extremeValue(SimulatedEvent event, SplittableRandom random) {
    UserProfile user = event.user();
    double usual =
        event.eventType().monetary() ? user.itemPriceMedian() : user.dwellMedianSeconds();
    double factor = Distributions.uniform(random, MIN_EXTREME_FACTOR, MAX_EXTREME_FACTOR);
    return event.withValue(Distributions.cents(Math.max(event.value(), usual) * factor));
  }

  /**
   * ODD_HOUR: a browsing event of a user for whom it is 02:00-05:00 local time, or null when no
   * user lives where it is night at that instant.
   */
  SimulatedEvent oddHour(long time, SplittableRandom random) {
    UserProfile user = users.atNight(time, random);
    if (user == null) {
      return null;
    }
    EventType type = BROWSING_TYPES[Distributions.weightedIndex(random, ODD_HOUR_TYPE_WEIGHTS)];
    return factory.single(user, type, time, random);
  }

  /** PURCHASE_WITHOUT_VIEW: a purchase opening a session of its own. */
  SimulatedEvent purchaseWithoutView(long time, SplittableRandom random) {
    return factory.single(users.byActivity(random), EventType.PURCHASE, time, random);
  }
}
