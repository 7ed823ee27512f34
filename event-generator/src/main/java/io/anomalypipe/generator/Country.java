package io.anomalypipe.generator;

/**
 * Countries simulated users live in: the ISO code written in the {@code country} field, the UTC
 * offset their daily rhythm follows (one per country, no daylight saving) and their share of users.
 */
public enum Country {
  US(-300, 0.27),
  CA(-300, 0.04),
  MX(-360, 0.03),
  BR(-180, 0.07),
  GB(0, 0.12),
  DE(60, 0.12),
  FR(60, 0.08),
  ES(60, 0.05),
  IT(60, 0.05),
  PL(60, 0.03),
  IN(330, 0.06),
  JP(540, 0.04),
  AU(600, 0.03),
  NZ(780, 0.01);

  private final int utcOffsetMinutes;
  private final double share;

  Country(int utcOffsetMinutes, double share) {
    this.utcOffsetMinutes = utcOffsetMinutes;
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
