package io.anomalypipe.gold.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroundTruthLabelsTest {

  @TempDir Path dir;

  @Test
  void readsAndMergesTheGeneratorsFiles() throws Exception {
    Path first =
        Files.writeString(
            dir.resolve("a.jsonl"),
            """
        {"event_id":"e1","kind":"BOT_BURST"}
        {"event_id":"e2","kind":"ODD_HOUR"}

        """);
    Path second =
        Files.writeString(
            dir.resolve("b.jsonl"), "{\"event_id\":\"e3\",\"kind\":\"EXTREME_VALUE\"}\n");

    GroundTruthLabels labels = GroundTruthLabels.read(List.of(first, second));

    assertThat(labels.size()).isEqualTo(3);
    assertThat(labels.isAnomaly("e2")).isTrue();
    assertThat(labels.isAnomaly("e9")).isFalse();
    assertThat(labels.kind("e3")).contains("EXTREME_VALUE");
    assertThat(labels.kinds()).containsExactly("BOT_BURST", "EXTREME_VALUE", "ODD_HOUR");
  }

  @Test
  void aLineThatIsNotALabelFailsNamingFileAndLine() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("bad.jsonl"), "{\"event_id\":\"e1\",\"kind\":\"X\"}\n{\"id\":1}\n");
    assertThatThrownBy(() -> GroundTruthLabels.read(List.of(file)))
        .hasMessage(
            "ground truth " + file + " line 2 is not {\"event_id\":…,\"kind\":…}: {\"id\":1}");
  }
}
