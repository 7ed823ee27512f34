package io.anomalypipe.generator;

import java.util.SplittableRandom;

/**
 * The order of events within a session, as a Markov chain over {@link EventType}s: sessions open
 * with a page view or a search, browse and click, sometimes put items in the cart, sometimes check
 * out, and most checkouts end in a purchase. Checkout and remove_from_cart need a non-empty cart; a
 * purchase only ever follows a checkout.
 */
final class SessionFunnel {

  /** Longest session; the next event after this many ends it. */
  static final int MAX_EVENTS = 50;

  // Columns: page_view, search, click, add_to_cart, remove_from_cart, checkout, purchase, END.
  private static final int END = 7;
  private static final double[] START = {0.75, 0.25, 0, 0, 0, 0, 0, 0};
  private static final double[][] NEXT = {
    /* page_view        */ {0.33, 0.10, 0.39, 0, 0, 0, 0, 0.18},
    /* search           */ {0.12, 0.13, 0.62, 0, 0, 0, 0, 0.13},
    /* click            */ {0.35, 0, 0.17, 0.26, 0, 0, 0, 0.22},
    /* add_to_cart      */ {0.25, 0, 0.20, 0.05, 0.08, 0.30, 0, 0.12},
    /* remove_from_cart */ {0.40, 0, 0.15, 0, 0, 0.15, 0, 0.30},
    /* checkout         */ {0.05, 0, 0, 0, 0, 0, 0.75, 0.20},
    /* purchase         */ {0.15, 0, 0, 0, 0, 0, 0, 0.85},
  };
  private static final EventType[] TYPES = EventType.values();

  /** Mean number of events of a session, measured once on a fixed seed. */
  static final double MEAN_SESSION_LENGTH = measureMeanLength(20_000);

  private SessionFunnel() {}

  static EventType first(SplittableRandom random) {
    return TYPES[Distributions.weightedIndex(random, START)];
  }

  /**
   * The event after {@code current}, or null when the session ends.
   *
   * @param cartItems items in the cart after {@code current}
   * @param eventsSoFar events of the session so far, {@code current} included
   */
  static EventType next(
      EventType current, int cartItems, int eventsSoFar, SplittableRandom random) {
    if (eventsSoFar >= MAX_EVENTS) {
      return null;
    }
    int choice = Distributions.weightedIndex(random, NEXT[current.ordinal()]);
    if (choice == END) {
      return null;
    }
    EventType next = TYPES[choice];
    if (cartItems == 0 && (next == EventType.CHECKOUT || next == EventType.REMOVE_FROM_CART)) {
      return EventType.PAGE_VIEW;
    }
    return next;
  }

  static double measureMeanLength(int sessions) {
    SplittableRandom random = new SplittableRandom(0x5E55_10A5L);
    long events = 0;
    for (int s = 0; s < sessions; s++) {
      int cart = 0;
      int length = 0;
      EventType type = first(random);
      while (type != null) {
        length++;
        cart = cartAfter(type, cart);
        type = next(type, cart, length, random);
      }
      events += length;
    }
    return (double) events / sessions;
  }

  /** Items in the cart after an event of this type. */
  static int cartAfter(EventType type, int cartItems) {
    return switch (type) {
      case ADD_TO_CART -> cartItems + 1;
      case REMOVE_FROM_CART -> Math.max(0, cartItems - 1);
      case PURCHASE -> 0;
      default -> cartItems;
    };
  }
}
