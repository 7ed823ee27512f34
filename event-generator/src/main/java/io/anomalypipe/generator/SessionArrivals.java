package io.anomalypipe.generator;

import java.util.SplittableRandom;

/**
 * When sessions start and whose they are: a non-homogeneous Poisson process, drawn by thinning. A
 * candidate comes after an exponential gap, from a user drawn by activity, and is kept with the
 * probability the diurnal rhythm gives at that user's local hour; so users are busy in their
 * daytime and rare at night.
 */
final class SessionArrivals {

  private final UserPopulation users;
  private final SplittableRandom random;
  private final double meanCandidateGapMillis;
  private double candidateTime;
  private long time;
  private UserProfile user;

  /**
   * @param sessionsPerMillisAtPeak candidate rate: the session rate if every user were at the
   *     evening peak of activity
   */
  SessionArrivals(
      UserPopulation users,
      long startMillis,
      double sessionsPerMillisAtPeak,
      SplittableRandom random) {
    this.users = users;
    this.random = random;
    this.meanCandidateGapMillis = 1.0 / sessionsPerMillisAtPeak;
    this.candidateTime = startMillis;
    advance();
  }

  /**
   * The candidate rate that spreads {@code sessions} sessions over {@code spanMillis} from {@code
   * startMillis}, given when the population is awake in that window.
   */
  static double peakRateFor(
      UserPopulation users, long startMillis, long spanMillis, double sessions) {
    return sessions / (spanMillis * meanAcceptance(users, startMillis, spanMillis));
  }

  /** Start time of the next session. */
  long time() {
    return time;
  }

  /** The user of the next session. */
  UserProfile user() {
    return user;
  }

  /** Moves on to the session after. */
  void advance() {
    while (true) {
      candidateTime += Distributions.exponential(random, meanCandidateGapMillis);
      UserProfile candidate = users.byActivity(random);
      double keep = DiurnalRhythm.weight(candidate.localHour((long) candidateTime));
      if (random.nextDouble() < keep) {
        time = (long) candidateTime;
        user = candidate;
        return;
      }
    }
  }

  /** The share of candidates kept over the window: activity-weighted mean diurnal weight. */
  private static double meanAcceptance(UserPopulation users, long startMillis, long spanMillis) {
    double[] activityByCountry = new double[Country.values().length];
    double totalActivity = 0;
    for (int i = 0; i < users.size(); i++) {
      UserProfile user = users.get(i);
      activityByCountry[user.country().ordinal()] += user.activity();
      totalActivity += user.activity();
    }
    int samples = 480;
    double sum = 0;
    for (int s = 0; s < samples; s++) {
      long at = startMillis + (long) ((s + 0.5) * spanMillis / samples);
      for (Country country : Country.values()) {
        double share = activityByCountry[country.ordinal()] / totalActivity;
        sum += share * DiurnalRhythm.weight(country.localHour(at));
      }
    }
    return sum / samples;
  }
}
