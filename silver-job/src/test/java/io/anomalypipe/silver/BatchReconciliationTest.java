package io.anomalypipe.silver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BatchReconciliationTest {

  /** 100 Bronze rows: 10 invalid, 90 valid of 80 events, 5 of which Silver already held. */
  static final BatchReconciliation TYPICAL = new BatchReconciliation(100, 90, 80, 10, 80, 75);

  @Test
  void everyRowIsInsertedQuarantinedOrADuplicate() {
    assertThat(TYPICAL.duplicatesInBatch()).isEqualTo(10);
    assertThat(TYPICAL.duplicatesAlreadyInSilver()).isEqualTo(5);
    assertThat(TYPICAL.reconciled()).isTrue();
  }

  @Test
  void aQuarantineThatWroteFewerRowsThanWereInvalidDoesNotReconcile() {
    assertThat(new BatchReconciliation(100, 90, 80, 9, 80, 75).reconciled()).isFalse();
  }

  @Test
  void aMergeThatReadOtherThanTheDistinctEventsDoesNotReconcile() {
    assertThat(new BatchReconciliation(100, 90, 80, 10, 79, 75).reconciled()).isFalse();
    assertThat(new BatchReconciliation(100, 90, 80, 10, 81, 75).reconciled()).isFalse();
  }

  @Test
  void rowsLostBetweenTheSplitAndTheWritesDoNotReconcile() {
    assertThat(new BatchReconciliation(101, 90, 80, 10, 80, 75).reconciled()).isFalse();
  }

  @Test
  void aNegativeTermCannotBalanceAnotherError() {
    // more inserted than the MERGE read, offset by a missing quarantine row
    assertThat(new BatchReconciliation(100, 90, 80, 9, 80, 81).duplicatesAlreadyInSilver())
        .isNegative();
    assertThat(new BatchReconciliation(100, 90, 80, 9, 80, 81).reconciled()).isFalse();
  }

  @Test
  void anEmptyOrAllInvalidBatchReconciles() {
    assertThat(new BatchReconciliation(0, 0, 0, 0, 0, 0).reconciled()).isTrue();
    assertThat(new BatchReconciliation(7, 0, 0, 7, 0, 0).reconciled()).isTrue();
  }
}
