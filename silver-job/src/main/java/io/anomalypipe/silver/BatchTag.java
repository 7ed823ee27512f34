package io.anomalypipe.silver;

/**
 * The {@code userMetadata} a micro-batch writes into each of its Delta commits, so that the commit
 * can be found again (by the query and batch) and told apart from one an earlier attempt of the
 * same batch made (by the attempt).
 */
record BatchTag(String queryId, long batchId, String attempt) {

  /** What every attempt of this batch writes first: the search key. */
  String prefix() {
    return "silver-job query=" + queryId + " batch=" + batchId + " attempt=";
  }

  String text() {
    return prefix() + attempt;
  }

  /** Whether a commit's userMetadata was written by this attempt (else by an earlier one). */
  boolean isThisAttempt(String userMetadata) {
    return text().equals(userMetadata);
  }
}
