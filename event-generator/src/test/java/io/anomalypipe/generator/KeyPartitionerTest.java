package io.anomalypipe.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class KeyPartitionerTest {

  @Test
  void picksThePartitionKafkasDefaultPartitionerPicks() {
    Set<Integer> seen = new HashSet<>();
    for (int partitions : new int[] {1, 2, 3, 4, 7, 12, 100}) {
      for (int i = 0; i < 2000; i++) {
        byte[] key = ("u-" + i + "x".repeat(i % 5)).getBytes(StandardCharsets.UTF_8);
        int ours = KeyPartitioner.partitionFor(key, partitions);
        assertThat(ours).isEqualTo(BuiltInPartitioner.partitionForKey(key, partitions));
        if (partitions == 4) {
          seen.add(ours);
        }
      }
    }
    assertThat(seen).containsExactlyInAnyOrder(0, 1, 2, 3);
  }
}
