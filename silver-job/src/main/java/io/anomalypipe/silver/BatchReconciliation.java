package io.anomalypipe.silver;

/**
 * The counts of one micro-batch and whether they reconcile: every Bronze row read is inserted,
 * quarantined, or dropped as a duplicate — nothing disappears unaccounted.
 *
 * <p>The counts come from independent places, so the equation can fail: {@code bronzeRows}, {@code
 * validRows} and {@code distinctValidEvents} are counted from the batch, {@code quarantinedRows} is
 * what the quarantine commit wrote, {@code mergeSourceRows} and {@code insertedRows} are what the
 * MERGE commit reports. It holds only if the split into valid and invalid rows lost nothing, the
 * quarantine wrote every invalid row, and the MERGE saw every distinct event.
 *
 * @param bronzeRows Bronze rows the batch read
 * @param validRows of those, rows that broke no rule
 * @param distinctValidEvents distinct event ids among the valid rows
 * @param quarantinedRows rows the batch's quarantine commit wrote
 * @param mergeSourceRows source rows the batch's MERGE read (one per distinct event)
 * @param insertedRows rows the batch's MERGE inserted
 */
public record BatchReconciliation(
    long bronzeRows,
    long validRows,
    long distinctValidEvents,
    long quarantinedRows,
    long mergeSourceRows,
    long insertedRows) {

  /** Valid rows dropped because an earlier copy of the same event is in the same batch. */
  public long duplicatesInBatch() {
    return validRows - distinctValidEvents;
  }

  /** Events the MERGE did not insert because silver_events already held them. */
  public long duplicatesAlreadyInSilver() {
    return mergeSourceRows - insertedRows;
  }

  /**
   * {@code bronzeRows = insertedRows + quarantinedRows + duplicatesInBatch +
   * duplicatesAlreadyInSilver}, with no negative term (a negative one would balance an error
   * elsewhere), and the MERGE read exactly the distinct events.
   */
  public boolean reconciled() {
    return insertedRows >= 0
        && quarantinedRows >= 0
        && duplicatesInBatch() >= 0
        && duplicatesAlreadyInSilver() >= 0
        && mergeSourceRows == distinctValidEvents
        && bronzeRows
            == insertedRows + quarantinedRows + duplicatesInBatch() + duplicatesAlreadyInSilver();
  }
}
