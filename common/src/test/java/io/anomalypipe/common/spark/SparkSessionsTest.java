package io.anomalypipe.common.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.anomalypipe.common.config.SparkSettings;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SparkSessionsTest {

  private static final SparkSettings LOCAL_PROFILE =
      new SparkSettings(
          Optional.of("local[2]"),
          Map.of("spark.sql.shuffle.partitions", "4", "spark.ui.enabled", "false"));

  @Test
  void aPlainJavaLaunchTakesTheProfilesMasterAndSettings() {
    assertThat(SparkSessions.profileSettingsToApply(LOCAL_PROFILE, Map.of()))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "spark.master", "local[2]",
                "spark.sql.shuffle.partitions", "4",
                "spark.ui.enabled", "false"));
  }

  @Test
  void theMasterAndSettingsSparkSubmitGaveWinOverTheProfiles() {
    Map<String, String> launcher =
        Map.of(
            "spark.master", "spark://127.0.0.1:7077",
            "spark.sql.shuffle.partitions", "16",
            "spark.app.name", "bronze-job");

    assertThat(SparkSessions.profileSettingsToApply(LOCAL_PROFILE, launcher))
        .as("only what the launcher left unset")
        .containsExactlyEntriesOf(Map.of("spark.ui.enabled", "false"));
  }

  @Test
  void aProfileWithoutMasterLeavesTheMasterToTheLauncher() {
    SparkSettings noMaster = new SparkSettings(Optional.empty(), Map.of());

    assertThat(SparkSessions.profileSettingsToApply(noMaster, Map.of())).isEmpty();
  }

  @Test
  void theLauncherSettingsAreTheSparkSystemProperties() {
    System.setProperty("spark.pipeline.test.setting", "from-submit");
    try {
      assertThat(SparkSessions.launcherSettings())
          .containsEntry("spark.pipeline.test.setting", "from-submit")
          .allSatisfy((key, value) -> assertThat(key).startsWith("spark."));
    } finally {
      System.clearProperty("spark.pipeline.test.setting");
    }
  }
}
