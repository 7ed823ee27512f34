package io.anomalypipe.generator;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;

/**
 * A session in progress: its user, device, cart and the time and type of its next event. The
 * simulator keeps the open sessions in a queue ordered by {@link #ORDER} and emits the earliest.
 */
final class ActiveSession {

  /** Earliest next event first; ties broken by the order sessions started in (deterministic). */
  static final Comparator<ActiveSession> ORDER =
      Comparator.comparingLong(ActiveSession::nextTime).thenComparingLong(s -> s.startOrder);

  private final UserProfile user;
  private final String sessionId;
  private final Device device;
  private final long startOrder;
  private long nextTime;
  private EventType nextType;
  private int events;
  private double[] cart = new double[4];
  private int cartItems;
  private int product;

  ActiveSession(
      UserProfile user, long startTime, long startOrder, EventFactory factory, SplittableRandom r) {
    this.user = user;
    this.sessionId = factory.newId(r);
    this.device = factory.sessionDevice(user, r);
    this.startOrder = startOrder;
    this.nextTime = startTime;
    this.nextType = SessionFunnel.first(r);
    this.product = factory.catalog().pickProduct(r);
  }

  long nextTime() {
    return nextTime;
  }

  boolean finished() {
    return nextType == null;
  }

  /** The session's next event; draws the one after it (or the session's end). */
  SimulatedEvent emit(EventFactory factory, SplittableRandom random) {
    EventType type = nextType;
    long time = nextTime;
    events++;
    SiteCatalog catalog = factory.catalog();
    String page;
    double value = 0;
    switch (type) {
      case PAGE_VIEW -> page = catalog.browsePage(random);
      case SEARCH -> page = SiteCatalog.SEARCH;
      case CLICK -> {
        product = catalog.pickProduct(random);
        page = catalog.productPage(product);
      }
      case ADD_TO_CART -> {
        value = factory.itemPrice(user, random);
        addToCart(value);
        page = catalog.productPage(product);
      }
      case REMOVE_FROM_CART -> {
        value = cart[--cartItems];
        page = SiteCatalog.CART;
      }
      case CHECKOUT -> {
        value = cartTotal();
        page = SiteCatalog.CHECKOUT;
      }
      case PURCHASE -> {
        value = cartTotal();
        cartItems = 0;
        page = SiteCatalog.CONFIRMATION;
      }
      default -> throw new IllegalStateException("unknown event type " + type);
    }
    double gapSeconds;
    if (type.monetary()) {
      gapSeconds = factory.actionGapSeconds(random);
    } else {
      value = factory.dwellSeconds(user, random);
      gapSeconds = value;
    }
    nextType = SessionFunnel.next(type, cartItems, events, random);
    nextTime = time + Math.round(gapSeconds * 1000.0);
    return new SimulatedEvent(
        factory.newId(random), user, sessionId, type, time, value, page, device);
  }

  private void addToCart(double price) {
    if (cartItems == cart.length) {
      cart = Arrays.copyOf(cart, cart.length * 2);
    }
    cart[cartItems++] = price;
  }

  private double cartTotal() {
    double total = 0;
    for (int i = 0; i < cartItems; i++) {
      total += cart[i];
    }
    return Distributions.cents(total);
  }
}
