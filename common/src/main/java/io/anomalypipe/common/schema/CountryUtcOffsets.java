package io.anomalypipe.common.schema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The UTC offset, in minutes, of each country code an event's {@link EventFields#COUNTRY} field
 * carries: one fixed offset per country, no daylight saving. The event generator makes its users
 * live by these offsets, and the features read the local hour of day from them: one table, so the
 * two cannot disagree.
 *
 * <p>A country has one offset here even where it spans several time zones (the US is given Eastern
 * time, Brazil Brasília time): the offset of most of its users.
 */
public final class CountryUtcOffsets {

  /** The offset assumed for a missing or unknown country code: UTC. */
  public static final int UNKNOWN_COUNTRY_MINUTES = 0;

  /** ISO 3166-1 alpha-2 code → minutes to add to UTC to get local time; in a fixed order. */
  public static final Map<String, Integer> MINUTES = offsets();

  private CountryUtcOffsets() {}

  /** The offset of {@code countryCode}, or {@link #UNKNOWN_COUNTRY_MINUTES} if it is not listed. */
  public static int minutesOf(String countryCode) {
    return countryCode == null
        ? UNKNOWN_COUNTRY_MINUTES
        : MINUTES.getOrDefault(countryCode, UNKNOWN_COUNTRY_MINUTES);
  }

  private static Map<String, Integer> offsets() {
    Map<String, Integer> offsets = new LinkedHashMap<>();
    offsets.put("US", -300);
    offsets.put("CA", -300);
    offsets.put("MX", -360);
    offsets.put("BR", -180);
    offsets.put("GB", 0);
    offsets.put("DE", 60);
    offsets.put("FR", 60);
    offsets.put("ES", 60);
    offsets.put("IT", 60);
    offsets.put("PL", 60);
    offsets.put("IN", 330);
    offsets.put("JP", 540);
    offsets.put("AU", 600);
    offsets.put("NZ", 780);
    return Collections.unmodifiableMap(offsets);
  }
}
