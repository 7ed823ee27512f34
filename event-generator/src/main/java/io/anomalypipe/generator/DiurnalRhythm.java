package io.anomalypipe.generator;

/**
 * How active people are at each local hour, relative to the evening peak (1.0): almost nobody at
 * 03:00, a rise through the morning, a lunch bump and the most activity between 18:00 and 22:00.
 */
final class DiurnalRhythm {

  private static final double[] WEIGHT_BY_HOUR = {
    0.30, 0.15, 0.07, 0.04, 0.04, 0.07, 0.20, 0.40, 0.60, 0.70, 0.75, 0.80, //
    0.90, 0.85, 0.75, 0.75, 0.80, 0.85, 0.95, 1.00, 1.00, 0.95, 0.75, 0.50
  };

  private static final long MILLIS_PER_HOUR = 3_600_000L;

  private DiurnalRhythm() {}

  /** Relative activity (0 to 1) at the given local hour. */
  static double weight(int localHour) {
    return WEIGHT_BY_HOUR[localHour];
  }

  /** The local hour of day (0-23) at an instant, for a fixed offset from UTC. */
  static int localHour(long epochMillis, int utcOffsetMinutes) {
    long localMillis = epochMillis + utcOffsetMinutes * 60_000L;
    return (int) Math.floorMod(Math.floorDiv(localMillis, MILLIS_PER_HOUR), 24L);
  }
}
