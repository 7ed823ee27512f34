package io.anomalypipe.common.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.anomalypipe.common.testing.SparkTestSession;
import java.util.Map;
import org.apache.spark.sql.RuntimeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SessionSettingsTest {
  @RegisterExtension static final SparkTestSession SPARK = new SparkTestSession();

  private static final String SET_BEFORE = "anomalypipe.test.set-before";
  private static final String UNSET_BEFORE = "anomalypipe.test.unset-before";

  @Test
  void settingsHoldDuringTheActionOnlyAndOldValuesComeBack() {
    RuntimeConfig conf = SPARK.session().conf();
    conf.set(SET_BEFORE, "old");
    conf.unset(UNSET_BEFORE);

    String seen =
        SessionSettings.during(
            SPARK.session(),
            Map.of(SET_BEFORE, "new", UNSET_BEFORE, "added"),
            () -> conf.get(SET_BEFORE) + "," + conf.get(UNSET_BEFORE));

    assertThat(seen).isEqualTo("new,added");
    assertThat(conf.get(SET_BEFORE)).isEqualTo("old");
    assertThat(conf.getOption(UNSET_BEFORE).isDefined()).isFalse();
  }

  @Test
  void oldValuesComeBackWhenTheActionThrows() {
    RuntimeConfig conf = SPARK.session().conf();
    conf.set(SET_BEFORE, "old");

    assertThatThrownBy(
            () ->
                SessionSettings.during(
                    SPARK.session(),
                    Map.of(SET_BEFORE, "new"),
                    () -> {
                      throw new IllegalStateException("the action failed");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the action failed");
    assertThat(conf.get(SET_BEFORE)).isEqualTo("old");
  }
}
