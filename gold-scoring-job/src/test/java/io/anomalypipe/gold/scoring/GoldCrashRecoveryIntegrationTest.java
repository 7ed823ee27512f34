package io.anomalypipe.gold.scoring;

import static io.anomalypipe.gold.scoring.GoldFixture.flags;
import static io.anomalypipe.gold.scoring.GoldFixture.goldConfig;
import static io.anomalypipe.gold.scoring.GoldFixture.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.anomalypipe.common.features.EventFeatures;
import io.anomalypipe.common.mlflow.MlflowConnection;
import io.anomalypipe.common.schema.SilverTable;
import io.anomalypipe.common.testing.ChildJvm;
import io.anomalypipe.common.testing.DeltaCommitWatch;
import io.anomalypipe.common.testing.MlflowServerExtension;
import io.anomalypipe.common.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the Gold job part-way, at a random number of Gold commits (odd: between the two MERGEs
 * of a batch; even: between batches), then a clean run: each Silver event is in each Gold table
 * exactly once, none is missing. One kill keeps the test short (a cold child JVM is the slow part);
 * the random point varies between runs and is printed with the seed on failure.
 */
@ExtendWith(MlflowServerExtension.class)
class GoldCrashRecoveryIntegrationTest {

  @RegisterExtension static final SparkTestSession SPARK = new SparkTestSession();

  private static final int KILLS = 1;

  @TempDir Path dir;

  @Test
  void killedPartWayItStillScoresEveryEventOnceIntoEachTable() throws Exception {
    SparkSession spark = SPARK.session();
    String experiment = GoldFixture.unique("gold-crash");
    String modelName = GoldFixture.unique("gold-crash-model");
    List<String> flags = new ArrayList<>(flags(dir, experiment, modelName));
    flags.addAll(List.of("--gold.max-files-per-trigger", "2", "--spark.master", "local[2]"));
    SparkTestSession.TEST_CONF.forEach(
        (key, value) -> flags.addAll(List.of("--spark.conf." + key, value)));
    GoldConfig config = goldConfig(flags);
    GeneratedSilver events = GeneratedSilver.threeDays(1_500, 17);
    // two commits of consecutive event time: a file per commit and date (four or five, with the
    // late events before the first day), two files per micro-batch
    GeneratedSilver.appendInCommits(spark, config.silverTablePath(), events.rows(), 2);
    try (MlflowConnection mlflow = GoldFixture.mlflow(config)) {
      GoldFixture.registerSyntheticModel(
          mlflow, experiment, modelName, EventFeatures.names(), "champion", 17);

      long seed = System.nanoTime();
      Random random = new Random(seed);
      List<String> tables = List.of(config.scoredTablePath(), config.predictionsTablePath());
      List<Integer> commitsAtKill = new ArrayList<>();
      for (int kill = 0; kill < KILLS; kill++) {
        // the tables' creation is 2 commits; then each batch commits once to each table: kill
        // between the two MERGEs of the first batch (3) or just after it (4)
        int waitFor = Math.max(commits(tables), 2) + 1 + random.nextInt(2);
        try (ChildJvm job =
            ChildJvm.start(GoldScoringJob.class, flags, dir.resolve("gold-" + kill + ".log"))) {
          awaitCommits(tables, waitFor, job);
          Thread.sleep(random.nextInt(500));
          assertThat(job.isAlive())
              .as("kill %d (seed %d) must hit a running job; log %s", kill, seed, job.log())
              .isTrue();
          job.kill9();
        }
        commitsAtKill.add(commits(tables));
      }
      assertThat(table(spark, config.predictionsTablePath()).count())
          .as("the kills left work to do (seed %d, commits at kills %s)", seed, commitsAtKill)
          .isLessThan(events.rows().size());

      ScoringOutcome rerun = GoldScoring.run(spark, mlflow, config, "after-kills");

      for (String path : tables) {
        Dataset<Row> gold = table(spark, path);
        assertThat(gold.count()).as("%s (seed %d)", path, seed).isEqualTo(events.rows().size());
        assertThat(gold.select(SilverTable.EVENT_ID, SilverTable.EVENT_DATE).distinct().count())
            .isEqualTo(events.rows().size());
        assertThat(
                table(spark, config.silverTablePath())
                    .select(SilverTable.EVENT_ID, SilverTable.EVENT_DATE)
                    .except(gold.select(SilverTable.EVENT_ID, SilverTable.EVENT_DATE))
                    .count())
            .isZero();
      }
      // the rerun scored what the killed run had not committed (all of it if the kill came in the
      // first batch, which the query then replays from its start)
      assertThat(rerun.summary().rows()).isPositive();
    }
  }

  private static int commits(List<String> tables) throws java.io.IOException {
    int commits = 0;
    for (String table : tables) {
      commits += DeltaCommitWatch.commits(table);
    }
    return commits;
  }

  private static void awaitCommits(List<String> tables, int commits, ChildJvm job)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
    while (commits(tables) < commits) {
      assertThat(job.isAlive()).as("job died early; log %s", job.log()).isTrue();
      assertThat(System.nanoTime()).as("waiting for %d commits", commits).isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
