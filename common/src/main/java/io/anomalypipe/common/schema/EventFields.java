package io.anomalypipe.common.schema;

import java.util.List;

/**
 * Field names of a clickstream event as it travels in a Kafka payload (JSON). The event generator
 * writes these and Silver parses them: one definition, no drift.
 */
public final class EventFields {
  public static final String EVENT_ID = "event_id";
  public static final String USER_ID = "user_id";
  public static final String SESSION_ID = "session_id";
  public static final String EVENT_TYPE = "event_type";

  /** Event time, epoch milliseconds (UTC). */
  public static final String TIMESTAMP = "timestamp";

  public static final String VALUE = "value";
  public static final String PAGE = "page";
  public static final String DEVICE = "device";
  public static final String COUNTRY = "country";

  /** Fields every valid event carries. */
  public static final List<String> REQUIRED =
      List.of(EVENT_ID, USER_ID, SESSION_ID, EVENT_TYPE, TIMESTAMP, VALUE);

  /** Every field of an event, in the order the generator writes them. */
  public static final List<String> ALL =
      List.of(EVENT_ID, USER_ID, SESSION_ID, EVENT_TYPE, TIMESTAMP, VALUE, PAGE, DEVICE, COUNTRY);

  /** The known event types, in funnel order. */
  public static final List<String> EVENT_TYPES =
      List.of(
          "page_view",
          "search",
          "click",
          "add_to_cart",
          "remove_from_cart",
          "checkout",
          "purchase");

  /**
   * The event types whose value is an amount of money (an item's price, a cart's total); the value
   * of the other types is the seconds the user dwelt on the page.
   */
  public static final List<String> MONEY_VALUED_EVENT_TYPES =
      List.of("add_to_cart", "remove_from_cart", "checkout", "purchase");

  private EventFields() {}
}
