package io.anomalypipe.gold.evaluation;

import io.anomalypipe.gold.model.RocAuc;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How well scores separate labelled anomalies from the rest: ROC AUC, average precision (PR AUC)
 * and precision among the k highest scores, k being the number of labelled anomalies (so a perfect
 * ranking has precision@k = 1), plus the ROC AUC of each anomaly kind against all normal rows.
 *
 * @param rows rows evaluated
 * @param positives rows labelled anomalous
 * @param rocAuc area under the ROC curve
 * @param prAuc average precision
 * @param k the k of {@code precisionAtK}
 * @param precisionAtK share of labelled anomalies among the k highest scores
 * @param rocAucByKind ROC AUC of each kind's rows against the normal rows, by kind name
 */
public record DetectionQuality(
    int rows,
    int positives,
    double rocAuc,
    double prAuc,
    int k,
    double precisionAtK,
    Map<String, Double> rocAucByKind) {

  public DetectionQuality {
    rocAucByKind = Map.copyOf(rocAucByKind);
  }

  /**
   * @param scores one per row, higher is more anomalous
   * @param kinds one per row: the anomaly kind, or {@code null} for a normal row
   */
  public static DetectionQuality evaluate(double[] scores, List<String> kinds) {
    if (scores.length != kinds.size()) {
      throw new IllegalArgumentException(scores.length + " scores but " + kinds.size() + " labels");
    }
    boolean[] positive = new boolean[scores.length];
    int positives = 0;
    for (int i = 0; i < scores.length; i++) {
      positive[i] = kinds.get(i) != null;
      positives += positive[i] ? 1 : 0;
    }
    if (positives == 0 || positives == scores.length) {
      throw new IllegalArgumentException(
          "evaluation needs labelled anomalies and normal rows, got "
              + positives
              + " anomalies in "
              + scores.length
              + " rows");
    }
    Map<String, Double> byKind = new LinkedHashMap<>();
    for (String kind : kinds.stream().filter(k -> k != null).distinct().sorted().toList()) {
      byKind.put(kind, rocAucOfKind(scores, kinds, kind));
    }
    return new DetectionQuality(
        scores.length,
        positives,
        RocAuc.of(scores, positive),
        AveragePrecision.of(scores, positive),
        positives,
        PrecisionAtK.of(scores, positive, positives),
        byKind);
  }

  private static double rocAucOfKind(double[] scores, List<String> kinds, String kind) {
    int n = 0;
    for (String k : kinds) {
      if (k == null || k.equals(kind)) {
        n++;
      }
    }
    double[] subset = new double[n];
    boolean[] positive = new boolean[n];
    int j = 0;
    for (int i = 0; i < scores.length; i++) {
      String k = kinds.get(i);
      if (k == null || k.equals(kind)) {
        subset[j] = scores[i];
        positive[j] = k != null;
        j++;
      }
    }
    return RocAuc.of(subset, positive);
  }
}
