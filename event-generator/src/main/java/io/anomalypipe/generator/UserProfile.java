package io.anomalypipe.generator;

/**
 * A simulated user's habits.
 *
 * @param key the Kafka record key: the user id in UTF-8
 * @param preferredDevice the device most of the user's sessions use
 * @param itemPriceMedian the usual price of an item the user puts in the cart
 * @param dwellMedianSeconds how long the user usually stays on a page
 * @param activity relative number of sessions the user starts (log-normal across users)
 */
record UserProfile(
    String userId,
    byte[] key,
    Country country,
    Device preferredDevice,
    double itemPriceMedian,
    double dwellMedianSeconds,
    double activity) {

  int localHour(long epochMillis) {
    return country.localHour(epochMillis);
  }
}
