package io.anomalypipe.generator;

import java.util.Locale;

/** The device of a session, as written in the {@code device} field. */
enum Device {
  DESKTOP,
  MOBILE,
  TABLET;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  String wireName() {
    return wireName;
  }
}
