package io.anomalypipe.common.spark;

import java.util.LinkedHashMap;
import java.util.Map;

/** Delta Lake's session settings that the jobs' MERGEs set for the one MERGE they run. */
public final class DeltaWriteSettings {
  private DeltaWriteSettings() {}

  /**
   * The idempotent-write marker of the next DML commit (MERGE, UPDATE, DELETE), which Delta 3
   * honours: app id, with {@link #TXN_VERSION}. A later write with the same app id and a version
   * not above the recorded one is skipped.
   */
  public static final String TXN_APP_ID = "spark.databricks.delta.write.txnAppId";

  /** The version of the idempotent-write marker; see {@link #TXN_APP_ID}. */
  public static final String TXN_VERSION = "spark.databricks.delta.write.txnVersion";

  /** The {@code userMetadata} of the next commits. */
  public static final String COMMIT_USER_METADATA =
      "spark.databricks.delta.commitInfo.userMetadata";

  /**
   * Whether a MERGE shuffles its inserts by the table's partition columns before writing: one file
   * per partition value, but a second shuffle of every inserted row, written by as many tasks as
   * the rows have partition values (two tasks for two dates, however many cores).
   */
  public static final String MERGE_REPARTITION_BEFORE_WRITE =
      "spark.databricks.delta.merge.repartitionBeforeWrite.enabled";

  /**
   * The settings of a MERGE that a micro-batch runs once: the idempotent-write marker (app id = the
   * streaming query's id, version = the batch id), the commit's {@code userMetadata}, and no
   * repartition before the write — the callers hand the MERGE rows already split one partition per
   * core, so each task writes its few partition values and every core writes.
   */
  public static Map<String, String> idempotentMerge(
      String appId, long version, String userMetadata) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(TXN_APP_ID, appId);
    settings.put(TXN_VERSION, Long.toString(version));
    settings.put(COMMIT_USER_METADATA, userMetadata);
    settings.put(MERGE_REPARTITION_BEFORE_WRITE, "false");
    return settings;
  }
}
