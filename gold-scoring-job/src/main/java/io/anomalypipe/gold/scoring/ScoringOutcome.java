package io.anomalypipe.gold.scoring;

import io.anomalypipe.gold.registry.RegisteredForest;
import java.util.OptionalLong;

/**
 * What a Gold job run did, as logged to its inference run: for the caller's summary and for tests.
 *
 * @param inferenceRunId the MLflow run of the job run (the rows' {@code scoring_run_id})
 * @param model the model scored with
 * @param summary the scores of all batches
 * @param batches micro-batches that had new Silver events (1 for a re-score)
 * @param replayedBatches of those, batches an earlier, interrupted attempt had partly committed
 * @param silverVersionMin first Silver version read (empty when nothing was new)
 * @param silverVersionMax last Silver version read
 * @param before Gold table versions at the start
 * @param after Gold table versions at the end
 * @param scoredRowsWritten rows inserted (re-score: written) into gold_events_scored
 * @param predictionRowsWritten rows inserted (re-score: written) into gold_anomaly_predictions
 */
public record ScoringOutcome(
    String inferenceRunId,
    RegisteredForest model,
    ScoreSummary summary,
    long batches,
    long replayedBatches,
    OptionalLong silverVersionMin,
    OptionalLong silverVersionMax,
    GoldTableVersions before,
    GoldTableVersions after,
    long scoredRowsWritten,
    long predictionRowsWritten) {}
