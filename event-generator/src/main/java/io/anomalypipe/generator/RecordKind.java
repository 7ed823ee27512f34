package io.anomalypipe.generator;

/** What a produced record is, as the generator meant it; written to the manifest and summary. */
public enum RecordKind {
  /** A well-formed, on-time event of a simulated user session. */
  VALID,
  /** A well-formed event whose event time lies {@code generator.late-by} behind the stream. */
  LATE,
  /**
   * A well-formed event of a labelled anomaly ({@link AnomalyKind}), listed in the ground truth.
   */
  ANOMALY,
  /** The exact bytes of an earlier VALID, LATE or ANOMALY record, sent again. */
  DUPLICATE,
  /** A payload that is broken in one of the ways of {@link MalformedKind}. */
  MALFORMED,
  /** One line of a replayed input file ({@code generator.input-file}), sent as it is. */
  REPLAYED
}
