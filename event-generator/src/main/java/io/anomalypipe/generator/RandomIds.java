package io.anomalypipe.generator;

import java.util.SplittableRandom;
import java.util.UUID;

/** Version-4-shaped UUIDs drawn from a seeded random source, so that ids repeat with the seed. */
final class RandomIds {

  private RandomIds() {}

  static String uuid(SplittableRandom random) {
    long most = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
    return new UUID(most, least).toString();
  }
}
