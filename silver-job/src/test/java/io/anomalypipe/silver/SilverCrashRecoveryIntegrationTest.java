package io.anomalypipe.silver;

import static org.assertj.core.api.Assertions.assertThat;

import io.anomalypipe.common.testing.ChildJvm;
import io.anomalypipe.common.testing.DeltaCommitWatch;
import io.anomalypipe.common.testing.KafkaBrokerExtension;
import io.anomalypipe.common.testing.SparkTestSession;
import io.anomalypipe.generator.RecordKind;
import io.anomalypipe.generator.SentRecord;
import java.io.IOException;
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
 * kill -9 of the Silver job part-way, several times at random points, then a clean run: Silver
 * still holds each event once, the quarantine each malformed record once, and the audit has one
 * reconciled row per batch.
 */
@ExtendWith(KafkaBrokerExtension.class)
class SilverCrashRecoveryIntegrationTest {

  @RegisterExtension static final SparkTestSession SPARK = new SparkTestSession();

  private static final int KILLS = 3;

  @TempDir Path dir;

  @Test
  void killedRepeatedlyAtRandomPointsStillWritesEveryEventOnceAndEveryBatchOnce() throws Exception {
    // Bronze in one batch but many files (one per Kafka read task), so that Silver, reading one
    // file per micro-batch, needs many micro-batches
    String topic = KafkaBrokerExtension.createTopic("silver-crash", 4);
    List<SentRecord> sent = SilverPipeline.produce(topic, 1_600, 31, SilverPipeline.daysAgo(3));
    List<String> flags =
        SilverPipeline.flags(
            topic, dir, "--bronze.min-partitions", "10", "--silver.max-files-per-trigger", "2");
    SilverPipeline.runBronze(SPARK.session(), SilverPipeline.bronzeConfig(flags));
    SilverConfig config = SilverPipeline.silverConfig(flags);
    List<String> tables =
        List.of(config.quarantineTablePath(), config.silverTablePath(), config.auditTablePath());
    long seed = System.nanoTime();
    Random random = new Random(seed);

    // run: start Silver in a child JVM and kill -9 it after a random number of commits to any of
    // its tables (so between any two writes of a batch) plus a random delay
    List<Integer> commitsAtKill = new ArrayList<>();
    for (int kill = 0; kill < KILLS; kill++) {
      int waitForCommits = Math.max(commits(tables), 3) + 1 + random.nextInt(3);
      long extraDelayMillis = random.nextInt(1_000);
      try (ChildJvm silver =
          ChildJvm.start(SilverJob.class, flags, dir.resolve("silver-" + kill + ".log"))) {
        awaitCommits(tables, waitForCommits, silver);
        Thread.sleep(extraDelayMillis);
        assertThat(silver.isAlive())
            .as("kill %d (seed %d) must hit a running job; log %s", kill, seed, silver.log())
            .isTrue();
        silver.kill9();
      }
      commitsAtKill.add(commits(tables));
    }
    long distinctEvents =
        sent.stream()
            .filter(r -> SilverPipeline.EVENT_KINDS.contains(r.kind()))
            .map(SentRecord::eventId)
            .distinct()
            .count();
    assertThat(SPARK.session().read().format("delta").load(config.silverTablePath()).count())
        .as("the kills left work to do (seed %d, commits at kills %s)", seed, commitsAtKill)
        .isLessThan(distinctEvents);

    // verify: a clean run (here, in the test's JVM: warm, so quicker) finishes from the wreck, and
    // nothing is lost, doubled or counted twice
    SilverPipeline.runSilver(SPARK.session(), config, "final");
    SilverPipeline.assertSilverHoldsExactlyTheDistinctEvents(SPARK.session(), config, sent);
    SilverPipeline.assertQuarantineHoldsExactlyTheMalformedRecords(SPARK.session(), config, sent);
    var audit = SilverPipeline.assertAuditReconciles(SPARK.session(), config);
    assertThat(
            SilverPipeline.sum(audit, "duplicates_in_batch")
                + SilverPipeline.sum(audit, "duplicates_already_in_silver"))
        .isEqualTo(SilverPipeline.count(sent, RecordKind.DUPLICATE));
  }

  /** Commits to the tables, all together; a table that does not exist yet counts 0. */
  private static int commits(List<String> tables) throws IOException {
    int commits = 0;
    for (String table : tables) {
      commits += DeltaCommitWatch.commits(table);
    }
    return commits;
  }

  private static void awaitCommits(List<String> tables, int commits, ChildJvm job)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (commits(tables) < commits) {
      assertThat(job.isAlive()).as("job died early; log %s", job.log()).isTrue();
      assertThat(System.nanoTime()).as("waiting for %d commits", commits).isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
