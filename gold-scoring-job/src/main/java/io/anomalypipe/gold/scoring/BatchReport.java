package io.anomalypipe.gold.scoring;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What one micro-batch (or one re-score) did: the Silver versions it read, what it scored, and the
 * Gold commits holding its rows.
 *
 * @param batchId the micro-batch id (0 for a re-score)
 * @param silverVersionMin first Silver version of the batch's changes (empty for an empty batch)
 * @param silverVersionMax last Silver version of the batch's changes: the version its features were
 *     read from
 * @param summary the scores the batch computed
 * @param scoredVersion the gold_events_scored commit holding the batch's rows (empty if nothing was
 *     written)
 * @param scoredInserted rows that commit inserted (or, for a re-score, wrote)
 * @param predictionsVersion the gold_anomaly_predictions commit holding the batch's rows
 * @param predictionsInserted rows that commit inserted (or wrote)
 * @param replayed whether an earlier, interrupted attempt of the batch had committed some of it
 * @param durationMillis wall-clock time of the batch
 */
public record BatchReport(
    long batchId,
    OptionalLong silverVersionMin,
    OptionalLong silverVersionMax,
    ScoreSummary summary,
    OptionalLong scoredVersion,
    long scoredInserted,
    OptionalLong predictionsVersion,
    long predictionsInserted,
    boolean replayed,
    long durationMillis) {

  /** A batch without new Silver events. */
  static BatchReport empty(long batchId, long durationMillis) {
    return new BatchReport(
        batchId,
        OptionalLong.empty(),
        OptionalLong.empty(),
        ScoreSummary.EMPTY,
        OptionalLong.empty(),
        0,
        OptionalLong.empty(),
        0,
        false,
        durationMillis);
  }

  /** As MLflow metrics of one step. */
  Map<String, Double> asMetrics() {
    Map<String, Double> metrics = new LinkedHashMap<>(summary.asMetrics("batch_"));
    put(metrics, "batch_silver_version_min", silverVersionMin);
    put(metrics, "batch_silver_version_max", silverVersionMax);
    put(metrics, "batch_gold_events_scored_version", scoredVersion);
    put(metrics, "batch_gold_anomaly_predictions_version", predictionsVersion);
    metrics.put("batch_gold_events_scored_rows_inserted", (double) scoredInserted);
    metrics.put("batch_gold_anomaly_predictions_rows_inserted", (double) predictionsInserted);
    metrics.put("batch_replayed", replayed ? 1.0 : 0.0);
    metrics.put("batch_duration_ms", (double) durationMillis);
    return metrics;
  }

  private static void put(Map<String, Double> metrics, String key, OptionalLong value) {
    if (value.isPresent()) {
      metrics.put(key, (double) value.getAsLong());
    }
  }
}
