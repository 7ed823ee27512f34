package io.anomalypipe.generator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulated users, drawn once from the seed: where they live, their device, spend, dwell time
 * and how active they are. Picks users by activity, or among those whose local time is night.
 */
final class UserPopulation {

  private static final double[] DEVICE_SHARES = {0.35, 0.55, 0.10}; // desktop, mobile, tablet

  /** Local hours counted as the middle of the night, [from, to). */
  static final int NIGHT_FROM_HOUR = 2;

  static final int NIGHT_TO_HOUR = 5;

  private final UserProfile[] users;
  private final double[] cumulativeActivity;

  /** Users of each country, in {@link Country} order; countries without users are empty. */
  private final UserProfile[][] usersByCountry;

  UserPopulation(int count, SplittableRandom random) {
    users = new UserProfile[count];
    cumulativeActivity = new double[count];
    Country[] countries = Country.values();
    double[] countryShares = Arrays.stream(countries).mapToDouble(Country::share).toArray();
    Device[] devices = Device.values();
    int digits = Math.max(5, String.valueOf(count - 1).length());
    List<List<UserProfile>> byCountry = new ArrayList<>();
    for (int i = 0; i < countries.length; i++) {
      byCountry.add(new ArrayList<>());
    }
    double total = 0;
    for (int i = 0; i < count; i++) {
      String userId = "u-" + zeroPadded(i, digits);
      Country country = countries[Distributions.weightedIndex(random, countryShares)];
      UserProfile user =
          new UserProfile(
              userId,
              userId.getBytes(StandardCharsets.UTF_8),
              country,
              devices[Distributions.weightedIndex(random, DEVICE_SHARES)],
              Distributions.cents(Distributions.logNormal(random, 35.0, 0.6)),
              Distributions.logNormal(random, 20.0, 0.4),
              Distributions.logNormal(random, 1.0, 0.9));
      users[i] = user;
      total += user.activity();
      cumulativeActivity[i] = total;
      byCountry.get(country.ordinal()).add(user);
    }
    usersByCountry =
        byCountry.stream()
            .map(list -> list.toArray(UserProfile[]::new))
            .toArray(UserProfile[][]::new);
  }

  int size() {
    return users.length;
  }

  UserProfile get(int index) {
    return users[index];
  }

  /** A user drawn with probability proportional to activity. */
  UserProfile byActivity(SplittableRandom random) {
    double target = random.nextDouble() * cumulativeActivity[cumulativeActivity.length - 1];
    int index = Arrays.binarySearch(cumulativeActivity, target);
    index = index >= 0 ? index + 1 : -index - 1;
    return users[Math.min(index, users.length - 1)];
  }

  /**
   * A user for whom it is the middle of the night ({@link #NIGHT_FROM_HOUR} to {@link
   * #NIGHT_TO_HOUR} local) at the given instant, or null if no user lives where it is night.
   */
  UserProfile atNight(long epochMillis, SplittableRandom random) {
    int candidates = 0;
    for (Country country : Country.values()) {
      if (isNight(country.localHour(epochMillis))) {
        candidates += usersByCountry[country.ordinal()].length;
      }
    }
    if (candidates == 0) {
      return null;
    }
    int pick = random.nextInt(candidates);
    for (Country country : Country.values()) {
      UserProfile[] group = usersByCountry[country.ordinal()];
      if (isNight(country.localHour(epochMillis))) {
        if (pick < group.length) {
          return group[pick];
        }
        pick -= group.length;
      }
    }
    throw new IllegalStateException("unreachable: " + pick + " of " + candidates);
  }

  static boolean isNight(int localHour) {
    return localHour >= NIGHT_FROM_HOUR && localHour < NIGHT_TO_HOUR;
  }

  private static String zeroPadded(int value, int digits) {
    String text = Integer.toString(value);
    return "0".repeat(Math.max(0, digits - text.length())) + text;
  }
}
