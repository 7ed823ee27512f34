package io.anomalypipe.common.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DeltaWriteSettingsTest {

  @Test
  void anIdempotentMergeCarriesTheMarkerTheTagAndNoRepartition() {
    assertThat(DeltaWriteSettings.idempotentMerge("query-1", 7, "gold batch=7"))
        .containsExactly(
            Map.entry("spark.databricks.delta.write.txnAppId", "query-1"),
            Map.entry("spark.databricks.delta.write.txnVersion", "7"),
            Map.entry("spark.databricks.delta.commitInfo.userMetadata", "gold batch=7"),
            Map.entry("spark.databricks.delta.merge.repartitionBeforeWrite.enabled", "false"));
  }
}
