package io.anomalypipe.gold.training;

import io.anomalypipe.gold.evaluation.DetectionQuality;
import io.anomalypipe.gold.model.CompiledForest;
import io.anomalypipe.gold.model.TrainedForest;
import io.anomalypipe.gold.report.ScoreHistogram;
import io.anomalypipe.gold.report.ScoreQuantiles;
import java.util.Optional;

/**
 * What {@link ModelTraining#train} produces: the model, its scores on the training rows and what
 * the run logs about them.
 *
 * @param trainingMillis wall time of fitting and thresholding, the scoring of the training rows
 *     included
 * @param flagged training rows at or above the threshold
 * @param quality against the ground truth, when labels were given and both classes occur
 */
public record TrainingOutcome(
    TrainedForest forest,
    CompiledForest compiled,
    double[] trainingScores,
    long trainingMillis,
    FeatureStatistics featureStatistics,
    ScoreQuantiles scoreQuantiles,
    ScoreHistogram scoreHistogram,
    long flagged,
    Optional<DetectionQuality> quality) {

  public double flaggedRate() {
    return trainingScores.length == 0 ? 0.0 : (double) flagged / trainingScores.length;
  }
}
