package io.anomalypipe.bronze;

import static org.assertj.core.api.Assertions.assertThat;

import io.anomalypipe.common.testing.ChildJvm;
import io.anomalypipe.common.testing.DeltaCommitWatch;
import io.anomalypipe.common.testing.KafkaBrokerExtension;
import io.anomalypipe.common.testing.SparkTestSession;
import io.anomalypipe.generator.SentRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the Bronze job part-way, several times at random points, then a clean run: every Kafka
 * record is still in the table exactly once.
 */
@ExtendWith(KafkaBrokerExtension.class)
class BronzeCrashRecoveryIntegrationTest {

  @RegisterExtension static final SparkTestSession SPARK = new SparkTestSession();

  private static final int KILLS = 3;
  private static final long RECORDS = 12_000;
  private static final long BATCH = 500;

  @TempDir Path dir;

  @Test
  void killedRepeatedlyAtRandomPointsStillLandsEveryRecordExactlyOnce() throws Exception {
    // produce
    String topic = KafkaBrokerExtension.createTopic("bronze-crash", 4);
    List<SentRecord> sent = BronzeTestTopics.produce(topic, RECORDS, 31);
    List<String> flags =
        BronzeTestTopics.bronzeFlags(
            topic, dir, "--bronze.max-offsets-per-trigger", Long.toString(BATCH));
    BronzeConfig config = BronzeTestTopics.bronzeConfig(topic, dir);
    long seed = System.nanoTime();
    Random random = new Random(seed);

    // run: start in a child JVM, kill -9 after a random number of commits plus a random delay
    List<Integer> commitsAtKill = new ArrayList<>();
    for (int kill = 0; kill < KILLS; kill++) {
      int commitsBefore = DeltaCommitWatch.commits(config.tablePath());
      int waitForCommits = commitsBefore + 1 + random.nextInt(3);
      long extraDelayMillis = random.nextInt(1_500);
      try (ChildJvm bronze =
          ChildJvm.start(BronzeJob.class, flags, dir.resolve("bronze-" + kill + ".log"))) {
        DeltaCommitWatch.awaitCommits(config.tablePath(), waitForCommits, bronze);
        Thread.sleep(extraDelayMillis);
        assertThat(bronze.isAlive())
            .as("kill %d (seed %d) must hit a running job; log %s", kill, seed, bronze.log())
            .isTrue();
        bronze.kill9();
      }
      commitsAtKill.add(DeltaCommitWatch.commits(config.tablePath()));
    }
    assertThat(BronzeTestTopics.read(SPARK.session(), config).count())
        .as("the kills left work to do (seed %d, commits at kills %s)", seed, commitsAtKill)
        .isLessThan(sent.size());

    // verify: a clean run finishes the job, and nothing is lost or doubled
    try (ChildJvm bronze = ChildJvm.start(BronzeJob.class, flags, dir.resolve("final.log"))) {
      assertThat(bronze.waitFor(5, TimeUnit.MINUTES))
          .as("final run exit code; log %s", bronze.log())
          .isZero();
    }
    BronzeTestTopics.assertLandedExactly(BronzeTestTopics.read(SPARK.session(), config), sent);
  }
}
