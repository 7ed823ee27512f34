package io.anomalypipe.common.logging;

/** Names of the MDC fields every JSON log line may carry. */
public final class LogFields {
  public static final String JOB = "job";
  public static final String LAYER = "layer";
  public static final String RUN_ID = "run_id";
  public static final String QUERY_ID = "query_id";
  public static final String BATCH_ID = "batch_id";

  private LogFields() {}
}
