package io.anomalypipe.gold.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RocAucTest {

  @Test
  void perfectInvertedAndTiedRankings() {
    boolean[] labels = {false, false, true, true};
    assertThat(RocAuc.of(new double[] {0.1, 0.2, 0.8, 0.9}, labels)).isEqualTo(1.0);
    assertThat(RocAuc.of(new double[] {0.9, 0.8, 0.2, 0.1}, labels)).isEqualTo(0.0);
    assertThat(RocAuc.of(new double[] {0.5, 0.5, 0.5, 0.5}, labels)).isEqualTo(0.5);
  }

  @Test
  void tiesCountOneHalf() {
    // Pairs (pos, neg): (0.5 vs 0.5) tie = 0.5, (0.5 vs 0.1) = 1, (0.9 vs both) = 2 → 3.5 / 4.
    assertThat(
            RocAuc.of(new double[] {0.1, 0.5, 0.5, 0.9}, new boolean[] {false, false, true, true}))
        .isEqualTo(0.875);
  }

  @Test
  void equalsThePairwiseDefinitionOnRandomData() {
    SplittableRandom random = new SplittableRandom(3L);
    int n = 400;
    double[] scores = new double[n];
    boolean[] labels = new boolean[n];
    for (int i = 0; i < n; i++) {
      scores[i] = random.nextInt(50); // many ties
      labels[i] = random.nextInt(3) == 0;
    }
    double wins = 0;
    long pairs = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (labels[i] && !labels[j]) {
          pairs++;
          wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
        }
      }
    }
    assertThat(RocAuc.of(scores, labels)).isCloseTo(wins / pairs, within(1e-12));
  }

  @Test
  void needsBothClassesAndMatchingLengths() {
    assertThatThrownBy(() -> RocAuc.of(new double[] {1, 2}, new boolean[] {true, true}))
        .hasMessage("ROC AUC needs both classes, got 2 positives and 0 negatives");
    assertThatThrownBy(() -> RocAuc.of(new double[] {1}, new boolean[] {true, false}))
        .hasMessage("1 scores but 2 labels");
  }
}
