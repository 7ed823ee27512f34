package io.anomalypipe.gold.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RankedTreesTest {

  @Test
  void featureBitsHoldEveryFeatureIndex() {
    assertThat(RankedTrees.bitsFor(1)).isZero();
    assertThat(RankedTrees.bitsFor(2)).isEqualTo(1);
    assertThat(RankedTrees.bitsFor(7)).isEqualTo(3);
    assertThat(RankedTrees.bitsFor(8)).isEqualTo(3);
    assertThat(RankedTrees.bitsFor(9)).isEqualTo(4);
  }
}
