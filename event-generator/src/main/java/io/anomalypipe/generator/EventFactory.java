package io.anomalypipe.generator;

import java.util.SplittableRandom;

/**
 * The details of an event that follow from a user's habits: session device, dwell times, prices,
 * pages, ids; and single events that open a session of their own (late events, anomalies, the base
 * of malformed records).
 */
final class EventFactory {

  private static final double PREFERRED_DEVICE_SHARE = 0.85;

  private final SiteCatalog catalog;

  EventFactory(SiteCatalog catalog) {
    this.catalog = catalog;
  }

  SiteCatalog catalog() {
    return catalog;
  }

  String newId(SplittableRandom random) {
    return RandomIds.uuid(random);
  }

  /** The user's preferred device most of the time, another one otherwise. */
  Device sessionDevice(UserProfile user, SplittableRandom random) {
    if (random.nextDouble() < PREFERRED_DEVICE_SHARE) {
      return user.preferredDevice();
    }
    Device[] devices = Device.values();
    int other = user.preferredDevice().ordinal() + 1 + random.nextInt(devices.length - 1);
    return devices[other % devices.length];
  }

  /** Seconds spent on a page, around the user's usual, between 1 s and 15 min. */
  double dwellSeconds(UserProfile user, SplittableRandom random) {
    double dwell = Distributions.logNormal(random, user.dwellMedianSeconds(), 0.7);
    return Distributions.cents(Math.min(900.0, Math.max(1.0, dwell)));
  }

  /** Seconds between a cart or checkout action and the next event, between 1 s and 5 min. */
  double actionGapSeconds(SplittableRandom random) {
    return Math.min(300.0, Math.max(1.0, Distributions.logNormal(random, 8.0, 0.6)));
  }

  /** The price of an item the user puts in the cart, around the user's usual. */
  double itemPrice(UserProfile user, SplittableRandom random) {
    return Distributions.cents(
        Math.max(0.5, Distributions.logNormal(random, user.itemPriceMedian(), 0.45)));
  }

  /** A cart of one to three items, as checked out or bought. */
  double cartTotal(UserProfile user, SplittableRandom random) {
    int items = 1 + random.nextInt(3);
    double total = 0;
    for (int i = 0; i < items; i++) {
      total += itemPrice(user, random);
    }
    return Distributions.cents(total);
  }

  /** A single event opening a new session of the user at the given time. */
  SimulatedEvent single(UserProfile user, EventType type, long time, SplittableRandom random) {
    String sessionId = newId(random);
    Device device = sessionDevice(user, random);
    String page;
    double value;
    switch (type) {
      case PAGE_VIEW -> {
        page = catalog.browsePage(random);
        value = dwellSeconds(user, random);
      }
      case SEARCH -> {
        page = SiteCatalog.SEARCH;
        value = dwellSeconds(user, random);
      }
      case CLICK -> {
        page = catalog.productPage(catalog.pickProduct(random));
        value = dwellSeconds(user, random);
      }
      case ADD_TO_CART -> {
        page = catalog.productPage(catalog.pickProduct(random));
        value = itemPrice(user, random);
      }
      case REMOVE_FROM_CART -> {
        page = SiteCatalog.CART;
        value = itemPrice(user, random);
      }
      case CHECKOUT -> {
        page = SiteCatalog.CHECKOUT;
        value = cartTotal(user, random);
      }
      case PURCHASE -> {
        page = SiteCatalog.CONFIRMATION;
        value = cartTotal(user, random);
      }
      default -> throw new IllegalArgumentException("unknown event type " + type);
    }
    return new SimulatedEvent(newId(random), user, sessionId, type, time, value, page, device);
  }
}
