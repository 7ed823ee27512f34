package io.anomalypipe.generator;

import io.anomalypipe.common.schema.EventFields;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Breaks an event's payload in one of the ways of {@link MalformedKind}. */
final class MalformedPayloads {

  /** Size of the padding of OVERSIZED payloads: 100 KiB, over 64 KiB and under Kafka's 1 MB. */
  static final int OVERSIZED_PADDING = 100 * 1024;

  private static final String[] VALUE_TEXTS = {"abc", "N/A", "twelve"};
  private static final byte[][] INVALID_UTF8 = {
    {(byte) 0xFF, (byte) 0xFE}, // bytes that never occur in UTF-8
    {(byte) 0xC3, (byte) 0x28}, // a lead byte followed by a non-continuation byte
    {(byte) 0x80}, // a lone continuation byte
    {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // an encoded UTF-16 surrogate
  };
  private static final byte[] PAGE_PREFIX =
      ("\"" + EventFields.PAGE + "\":\"").getBytes(StandardCharsets.US_ASCII);
  private static final DateTimeFormatter TEXT_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  /** A broken payload and the event_id a reader could still get from it (null if none). */
  record MalformedPayload(byte[] bytes, String eventId) {}

  private final EventJsonEncoder encoder;

  MalformedPayloads(EventJsonEncoder encoder) {
    this.encoder = encoder;
  }

  MalformedPayload build(MalformedKind kind, SimulatedEvent event, SplittableRandom random) {
    return switch (kind) {
      case BROKEN_JSON -> brokenJson(event, random);
      case WRONG_TYPES -> wrongTypes(event, random);
      case MISSING_FIELDS -> missingField(event, random);
      case OVERSIZED ->
          new MalformedPayload(
              encoder.encode(
                  event, new EventJsonEncoder.Variation(null, null, null, OVERSIZED_PADDING)),
              event.eventId());
      case NON_UTF8 -> nonUtf8(event, random);
      case EMPTY -> new MalformedPayload(new byte[0], null);
    };
  }

  /** The JSON cut somewhere before its closing brace. */
  private MalformedPayload brokenJson(SimulatedEvent event, SplittableRandom random) {
    byte[] full = encoder.encode(event);
    int length = 1 + random.nextInt(full.length - 2);
    return new MalformedPayload(Arrays.copyOf(full, length), null);
  }

  /** The timestamp as a date-time text, the value as a word, or both. */
  private MalformedPayload wrongTypes(SimulatedEvent event, SplittableRandom random) {
    int variant = random.nextInt(3);
    String timestampText =
        variant != 1 ? TEXT_TIME.format(Instant.ofEpochMilli(event.timestamp())) : null;
    String valueText = variant != 0 ? VALUE_TEXTS[random.nextInt(VALUE_TEXTS.length)] : null;
    return new MalformedPayload(
        encoder.encode(event, new EventJsonEncoder.Variation(null, timestampText, valueText, 0)),
        event.eventId());
  }

  /** One of the required fields left out. */
  private MalformedPayload missingField(SimulatedEvent event, SplittableRandom random) {
    String omitted = EventFields.REQUIRED.get(random.nextInt(EventFields.REQUIRED.size()));
    return new MalformedPayload(
        encoder.encode(event, new EventJsonEncoder.Variation(omitted, null, null, 0)),
        EventFields.EVENT_ID.equals(omitted) ? null : event.eventId());
  }

  /** Invalid UTF-8 bytes at the start of the page string; the JSON structure stays intact. */
  private MalformedPayload nonUtf8(SimulatedEvent event, SplittableRandom random) {
    byte[] valid = encoder.encode(event);
    byte[] invalid = INVALID_UTF8[random.nextInt(INVALID_UTF8.length)];
    int at = indexAfter(valid, PAGE_PREFIX);
    byte[] bytes = new byte[valid.length + invalid.length];
    System.arraycopy(valid, 0, bytes, 0, at);
    System.arraycopy(invalid, 0, bytes, at, invalid.length);
    System.arraycopy(valid, at, bytes, at + invalid.length, valid.length - at);
    return new MalformedPayload(bytes, event.eventId());
  }

  private static int indexAfter(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i + needle.length;
    }
    throw new IllegalStateException("payload has no " + EventFields.PAGE + " field");
  }
}
