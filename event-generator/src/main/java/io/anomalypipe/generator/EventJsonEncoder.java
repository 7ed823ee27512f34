package io.anomalypipe.generator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.anomalypipe.common.schema.EventFields;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Encodes events as the JSON payload of a Kafka record (UTF-8, fields in {@link EventFields}
 * order), streaming into one reused buffer. {@link Variation}s let the malformed-record maker break
 * the encoding on purpose. Not thread-safe: one encoder per simulator.
 */
final class EventJsonEncoder {

  /** Name of the filler field of OVERSIZED payloads; not an event field. */
  static final String PADDING_FIELD = "padding";

  /**
   * A deliberate deviation from the normal encoding.
   *
   * @param omittedField a field of the event to leave out, or null
   * @param timestampText written as the timestamp (a JSON string) instead of the number, or null
   * @param valueText written as the value (a JSON string) instead of the number, or null
   * @param paddingChars length of an extra {@link #PADDING_FIELD} string field; 0 for none
   */
  record Variation(String omittedField, String timestampText, String valueText, int paddingChars) {
    static final Variation NONE = new Variation(null, null, null, 0);
  }

  private final JsonFactory factory = new JsonFactory();
  private final ByteArrayBuilder buffer = new ByteArrayBuilder(512);

  byte[] encode(SimulatedEvent event) {
    return encode(event, Variation.NONE);
  }

  byte[] encode(SimulatedEvent event, Variation variation) {
    buffer.reset();
    try (JsonGenerator json = factory.createGenerator(buffer)) {
      json.writeStartObject();
      writeString(json, variation, EventFields.EVENT_ID, event.eventId());
      writeString(json, variation, EventFields.USER_ID, event.user().userId());
      writeString(json, variation, EventFields.SESSION_ID, event.sessionId());
      writeString(json, variation, EventFields.EVENT_TYPE, event.eventType().wireName());
      if (!EventFields.TIMESTAMP.equals(variation.omittedField())) {
        json.writeFieldName(EventFields.TIMESTAMP);
        if (variation.timestampText() != null) {
          json.writeString(variation.timestampText());
        } else {
          json.writeNumber(event.timestamp());
        }
      }
      if (!EventFields.VALUE.equals(variation.omittedField())) {
        json.writeFieldName(EventFields.VALUE);
        if (variation.valueText() != null) {
          json.writeString(variation.valueText());
        } else {
          json.writeNumber(event.value());
        }
      }
      writeString(json, variation, EventFields.PAGE, event.page());
      writeString(json, variation, EventFields.DEVICE, event.device().wireName());
      writeString(json, variation, EventFields.COUNTRY, event.user().country().name());
      if (variation.paddingChars() > 0) {
        json.writeStringField(PADDING_FIELD, "x".repeat(variation.paddingChars()));
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode event " + event.eventId(), e);
    }
    return buffer.toByteArray();
  }

  private static void writeString(
      JsonGenerator json, Variation variation, String field, String value) throws IOException {
    if (!field.equals(variation.omittedField())) {
      json.writeStringField(field, value);
    }
  }
}
