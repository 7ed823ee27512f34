package io.anomalypipe.generator;

import io.anomalypipe.common.schema.EventFields;
import java.util.Arrays;
import java.util.Locale;

/**
 * The event types of {@link EventFields#EVENT_TYPES} as constants, in the same funnel order. The
 * wire names come from the constant names and are checked against the shared list when the class
 * loads, so the two cannot drift apart.
 */
enum EventType {
  PAGE_VIEW,
  SEARCH,
  CLICK,
  ADD_TO_CART,
  REMOVE_FROM_CART,
  CHECKOUT,
  PURCHASE;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  static {
    var names = Arrays.stream(values()).map(EventType::wireName).toList();
    if (!names.equals(EventFields.EVENT_TYPES)) {
      throw new IllegalStateException(
          "EventType "
              + names
              + " differs from EventFields.EVENT_TYPES "
              + EventFields.EVENT_TYPES);
    }
    var money =
        Arrays.stream(values()).filter(EventType::monetary).map(EventType::wireName).toList();
    if (!money.equals(EventFields.MONEY_VALUED_EVENT_TYPES)) {
      throw new IllegalStateException(
          "monetary EventTypes "
              + money
              + " differ from EventFields.MONEY_VALUED_EVENT_TYPES "
              + EventFields.MONEY_VALUED_EVENT_TYPES);
    }
  }

  String wireName() {
    return wireName;
  }

  /** Whether the event's value is an amount of money (otherwise it is a dwell time in seconds). */
  boolean monetary() {
    return compareTo(ADD_TO_CART) >= 0;
  }
}
