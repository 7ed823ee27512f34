package io.anomalypipe.generator;

import java.util.Iterator;
import java.util.OptionalLong;

/** Where the records to send come from: the simulation or a replayed file. */
public interface RecordSource extends Iterator<GeneratedRecord>, AutoCloseable {

  /** How many records the source will give, if known in advance. */
  OptionalLong expectedCount();

  @Override
  default void close() {}
}
