package io.anomalypipe.generator;

/** Where a DUPLICATE record goes; its subkind. */
public enum DuplicatePlacement {
  /** No explicit partition: the key sends it to the partition of the original. */
  SAME_PARTITION,
  /** An explicit partition other than the one the key picks (only when the topic has several). */
  OTHER_PARTITION
}
