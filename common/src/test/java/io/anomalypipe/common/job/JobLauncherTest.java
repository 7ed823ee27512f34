package io.anomalypipe.common.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.anomalypipe.common.logging.StreamingProgressLogger;
import io.anomalypipe.common.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JobLauncherTest {

  @RegisterExtension static final SparkTestSession SPARK = new SparkTestSession();

  @Test
  void aJobsProgressListenerIsRegisteredWhileItRunsAndRemovedAfter() throws Exception {
    SparkSession spark = SPARK.session();
    List<Long> during = new ArrayList<>();

    JobLauncher.runOnSpark(spark, "config", "run-1", (s, c, r) -> during.add(progressLoggers(s)));
    JobLauncher.runOnSpark(spark, "config", "run-2", (s, c, r) -> during.add(progressLoggers(s)));

    assertThat(during)
        .as("one listener during each run, not one more per run")
        .containsExactly(1L, 1L);
    assertThat(progressLoggers(spark)).as("none left on the shared session").isZero();
  }

  @Test
  void theListenerIsRemovedWhenTheJobFails() {
    SparkSession spark = SPARK.session();

    assertThatThrownBy(
            () ->
                JobLauncher.runOnSpark(
                    spark,
                    "config",
                    "run-3",
                    (s, c, r) -> {
                      throw new IllegalStateException("boom");
                    }))
        .hasMessage("boom");
    assertThat(progressLoggers(spark)).isZero();
  }

  private static long progressLoggers(SparkSession spark) {
    return Arrays.stream(spark.streams().listListeners())
        .filter(StreamingProgressLogger.class::isInstance)
        .count();
  }
}
