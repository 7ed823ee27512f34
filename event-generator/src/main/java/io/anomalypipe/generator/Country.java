package io.anomalypipe.generator;

import io.anomalypipe.common.schema.CountryUtcOffsets;

/**
 * Countries simulated users live in: the ISO code written in the {@code country} field and their
 * share of users. The UTC offset their daily rhythm follows comes from {@link CountryUtcOffsets},
 * the table the features read the local hour from.
 */
public enum Country {
  US(0.27),
  CA(0.04),
  MX(0.03),
  BR(0.07),
  GB(0.12),
  DE(0.12),
  FR(0.08),
  ES(0.05),
  IT(0.05),
  PL(0.03),
  IN(0.06),
  JP(0.04),
  AU(0.03),
  NZ(0.01);

  private final int utcOffsetMinutes;
  private final double share;

  Country(double share) {
    Integer offset = CountryUtcOffsets.MINUTES.get(name());
    if (offset == null) {
      throw new IllegalStateException(
          "Country "
              + name()
              + " has no UTC offset in CountryUtcOffsets "
              + CountryUtcOffsets.MINUTES.keySet());
    }
    this.utcOffsetMinutes = offset;
    this.share = share;
  }

  /** Minutes to add to UTC to get the local time of users in this country. */
  public int utcOffsetMinutes() {
    return utcOffsetMinutes;
  }

  /** The hour of day (0-23) in this country at the given instant. */
  public int localHour(long epochMillis) {
    return DiurnalRhythm.localHour(epochMillis, utcOffsetMinutes);
  }

  double share() {
    return share;
  }
}
