package io.anomalypipe.generator;

/** The ways a MALFORMED record's payload is broken; the subkind of a MALFORMED record. */
public enum MalformedKind {
  /** An event's JSON cut off before its end: it does not parse. */
  BROKEN_JSON,
  /** Parses, but {@code timestamp} and/or {@code value} is a non-numeric string. */
  WRONG_TYPES,
  /** Parses, but one of {@code EventFields.REQUIRED} is absent. */
  MISSING_FIELDS,
  /** A complete event padded with a 100 KiB {@code padding} field (over 64 KiB, under 1 MB). */
  OVERSIZED,
  /** JSON structure intact, but the {@code page} string holds bytes that are not valid UTF-8. */
  NON_UTF8,
  /** A zero-length payload. */
  EMPTY
}
