package io.anomalypipe.generator;

import java.util.SplittableRandom;

/**
 * Draws from the distributions the simulation uses. Only {@link StrictMath} is used, so a seed
 * gives bit-identical numbers on every JVM and CPU, interpreted or compiled.
 */
final class Distributions {

  private Distributions() {}

  /** A standard normal draw (Box-Muller). */
  static double gaussian(SplittableRandom random) {
    double u1 = 1.0 - random.nextDouble(); // (0, 1]
    double u2 = random.nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
  }

  /** A log-normal draw with the given median and spread (sigma of the underlying normal). */
  static double logNormal(SplittableRandom random, double median, double sigma) {
    return median * StrictMath.exp(sigma * gaussian(random));
  }

  /** An exponential draw with the given mean. */
  static double exponential(SplittableRandom random, double mean) {
    return -mean * StrictMath.log(1.0 - random.nextDouble());
  }

  /** A uniform draw in [min, max). */
  static double uniform(SplittableRandom random, double min, double max) {
    return min + (max - min) * random.nextDouble();
  }

  /** An index drawn with probability proportional to its weight. */
  static int weightedIndex(SplittableRandom random, double[] weights) {
    double total = 0;
    for (double weight : weights) {
      total += weight;
    }
    double target = random.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      target -= weights[i];
      if (target < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  /** Rounds to cents (two decimals). */
  static double cents(double value) {
    return Math.round(value * 100.0) / 100.0;
  }
}
