package io.anomalypipe.generator;

/**
 * One clickstream event before it is encoded; its fields are those of {@code EventFields} (the user
 * gives {@code user_id} and {@code country}).
 *
 * @param timestamp event time, epoch milliseconds (UTC)
 * @param value for page_view, search and click: seconds the user dwelt on the page (until the next
 *     action); for add_to_cart and remove_from_cart: the item's price; for checkout and purchase:
 *     the cart total. Money is in one currency unit with cents.
 */
record SimulatedEvent(
    String eventId,
    UserProfile user,
    String sessionId,
    EventType eventType,
    long timestamp,
    double value,
    String page,
    Device device) {

  SimulatedEvent withValue(double newValue) {
    return new SimulatedEvent(
        eventId, user, sessionId, eventType, timestamp, newValue, page, device);
  }
}
