package io.anomalypipe.generator;

/** The labelled anomalies; the subkind of an ANOMALY record and the kind in the ground truth. */
public enum AnomalyKind {
  /** One user firing 12 to 30 events, 40 to 250 ms apart, in a session of its own. */
  BOT_BURST,
  /** An event of an ongoing session whose value is 50 to 200 times what it would have been. */
  EXTREME_VALUE,
  /** A single event of a user whose local time is between 02:00 and 05:00. */
  ODD_HOUR,
  /** A purchase opening a session of its own: no view, cart or checkout before it. */
  PURCHASE_WITHOUT_VIEW
}
