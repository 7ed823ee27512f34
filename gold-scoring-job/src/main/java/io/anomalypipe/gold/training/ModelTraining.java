package io.anomalypipe.gold.training;

import io.anomalypipe.gold.evaluation.DetectionQuality;
import io.anomalypipe.gold.evaluation.GroundTruthLabels;
import io.anomalypipe.gold.model.CompiledForest;
import io.anomalypipe.gold.model.IsolationForestParams;
import io.anomalypipe.gold.model.IsolationForestTrainer;
import io.anomalypipe.gold.model.TrainedForest;
import io.anomalypipe.gold.report.ScoreHistogram;
import io.anomalypipe.gold.report.ScoreQuantiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Training on the driver, as a sequence of named steps: fit the forest on the matrix (which scores
 * the training rows and sets the threshold), replace the threshold if it is fixed, describe the
 * features and the scores, and evaluate against the ground truth when there is one. No I/O.
 */
public final class ModelTraining {
  private ModelTraining() {}

  public static TrainingOutcome train(
      FeatureMatrix matrix,
      IsolationForestParams params,
      ThresholdMode thresholdMode,
      double fixedThreshold,
      Optional<GroundTruthLabels> labels) {
    if (matrix.rowCount() < 2) {
      throw new IllegalArgumentException(
          "the training window holds "
              + matrix.rowCount()
              + " Silver rows; an Isolation Forest needs at least 2");
    }
    long start = System.nanoTime();
    IsolationForestTrainer.FittedForest fitted =
        IsolationForestTrainer.fitAndScore(matrix.rows(), params);
    TrainedForest forest = fitted.forest();
    if (thresholdMode == ThresholdMode.fixed) {
      forest = forest.withThreshold(fixedThreshold);
    }
    CompiledForest compiled = CompiledForest.compile(forest);
    // the threshold does not change a score: fitting's scores are the model's scores
    double[] scores = fitted.trainingScores();
    long trainingMillis = (System.nanoTime() - start) / 1_000_000;

    long flagged = 0;
    for (double score : scores) {
      flagged += compiled.predict(score) ? 1 : 0;
    }
    return new TrainingOutcome(
        forest,
        compiled,
        scores,
        trainingMillis,
        FeatureStatistics.of(matrix),
        ScoreQuantiles.of(scores),
        ScoreHistogram.of(scores, ScoreHistogram.DEFAULT_BINS),
        flagged,
        labels.flatMap(l -> evaluate(scores, matrix, l)));
  }

  /** Scores every row of the matrix with {@code forest}. */
  public static double[] score(CompiledForest forest, FeatureMatrix matrix) {
    double[] scores = new double[matrix.rowCount()];
    forest.scoreBatch(matrix.rows(), scores);
    return scores;
  }

  /**
   * Quality of {@code scores} against the labels of the matrix's events; empty when the rows hold
   * no labelled anomaly or nothing but anomalies.
   */
  public static Optional<DetectionQuality> evaluate(
      double[] scores, FeatureMatrix matrix, GroundTruthLabels labels) {
    List<String> kinds = new ArrayList<>(matrix.rowCount());
    int positives = 0;
    for (String eventId : matrix.eventIds()) {
      String kind = labels.kind(eventId).orElse(null);
      kinds.add(kind);
      positives += kind == null ? 0 : 1;
    }
    if (positives == 0 || positives == matrix.rowCount()) {
      return Optional.empty();
    }
    return Optional.of(DetectionQuality.evaluate(scores, kinds));
  }
}
