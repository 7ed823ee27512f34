package io.anomalypipe.gold.scoring;

import org.apache.spark.sql.SparkSession;

/**
 * The latest versions of the two Gold tables at one moment: read before and after a job run, they
 * bound the commits the run wrote.
 */
public record GoldTableVersions(long scored, long predictions) {

  static GoldTableVersions read(SparkSession spark, GoldConfig config) {
    return new GoldTableVersions(
        GoldCommits.latestVersion(spark, config.scoredTablePath()),
        GoldCommits.latestVersion(spark, config.predictionsTablePath()));
  }
}
