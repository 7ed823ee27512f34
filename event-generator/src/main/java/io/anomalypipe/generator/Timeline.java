package io.anomalypipe.generator;

import java.time.Instant;

/**
 * When a run's simulated events happen, as {@code generator.start-time} and {@code generator.rate}
 * set it: live, or a window of {@code simulated-span} from a start or up to an end.
 */
public sealed interface Timeline {

  /** Each event happens when it is sent, from when sending starts (start-time auto, a rate). */
  record Live() implements Timeline {}

  /** The window of simulated-span from {@code start} (an explicit start-time, or "now"). */
  record From(Instant start) implements Timeline {}

  /** The window of simulated-span that ends at {@code end} (start-time auto, no rate: now). */
  record EndingAt(Instant end) implements Timeline {}
}
