package io.anomalypipe.silver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anomalypipe.common.schema.EventFields;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON payloads of events for tests: a valid event, and the same with fields changed. */
final class TestEvents {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Marks a field to leave out of the payload. */
  static final Object ABSENT = new Object();

  private TestEvents() {}

  /** The fields of a valid purchase at {@code time}. */
  static Map<String, Object> fields(String eventId, Instant time) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(EventFields.EVENT_ID, eventId);
    fields.put(EventFields.USER_ID, "user-1");
    fields.put(EventFields.SESSION_ID, "session-1");
    fields.put(EventFields.EVENT_TYPE, "purchase");
    fields.put(EventFields.TIMESTAMP, time.toEpochMilli());
    fields.put(EventFields.VALUE, 42.5);
    fields.put(EventFields.PAGE, "/checkout/confirmation");
    fields.put(EventFields.DEVICE, "mobile");
    fields.put(EventFields.COUNTRY, "DE");
    return fields;
  }

  static String valid(String eventId, Instant time) {
    return json(fields(eventId, time));
  }

  /** A valid event with {@code field} set to {@code value} (or left out, with {@link #ABSENT}). */
  static String with(String eventId, Instant time, String field, Object value) {
    Map<String, Object> fields = fields(eventId, time);
    if (value == ABSENT) {
      fields.remove(field);
    } else {
      fields.put(field, value);
    }
    return json(fields);
  }

  static String json(Map<String, Object> fields) {
    try {
      return JSON.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
