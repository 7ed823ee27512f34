package io.anomalypipe.gold.summary;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import io.anomalypipe.common.schema.GoldPredictionsTable;
import io.anomalypipe.gold.evaluation.GroundTruthLabels;
import io.anomalypipe.gold.model.RocAuc;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * How Gold's scores and flags agree with the event generator's ground truth (its labelled
 * anomalies): ROC AUC of {@code anomaly_score} over all scored events, per anomaly kind (that kind
 * against the unlabelled events), and precision and recall of {@code is_anomaly}.
 *
 * @param labelledScored scored events that carry a label
 * @param scored all scored events
 * @param rocAuc probability that a labelled event scores above an unlabelled one
 * @param rocAucByKind the same for each kind alone, sorted by kind
 * @param flagged scored events flagged {@code is_anomaly}
 * @param flaggedLabelled flagged events that carry a label
 */
public record GroundTruthAgreement(
    long labelledScored,
    long scored,
    double rocAuc,
    SortedMap<String, Double> rocAucByKind,
    long flagged,
    long flaggedLabelled) {

  private static final String KIND = "ground_truth_kind";
  private static final StructType LABELS =
      new StructType()
          .add(GoldPredictionsTable.EVENT_ID, DataTypes.StringType, false)
          .add(KIND, DataTypes.StringType, false);

  public GroundTruthAgreement {
    rocAucByKind = new TreeMap<>(rocAucByKind);
  }

  /** Share of flagged events that are labelled anomalies; NaN when nothing is flagged. */
  public double precision() {
    return flagged == 0 ? Double.NaN : (double) flaggedLabelled / flagged;
  }

  /** Share of labelled anomalies that are flagged. */
  public double recall() {
    return (double) flaggedLabelled / labelledScored;
  }

  /**
   * Compares the prediction rows ({@code gold_anomaly_predictions}) with the labels. Empty when no
   * ROC AUC can be computed: no labels among the scored events, or nothing but labelled ones. The
   * scores and labels are brought to the driver (16 bytes an event) to rank them exactly.
   */
  public static Optional<GroundTruthAgreement> measure(
      SparkSession spark, Dataset<Row> predictions, GroundTruthLabels labels) {
    List<Row> labelRows = new ArrayList<>(labels.size());
    labels.kindByEventId().forEach((id, kind) -> labelRows.add(RowFactory.create(id, kind)));
    Dataset<Row> labelled = spark.createDataFrame(labelRows, LABELS);
    List<Row> rows =
        predictions
            .join(
                broadcast(labelled),
                predictions
                    .col(GoldPredictionsTable.EVENT_ID)
                    .equalTo(labelled.col(GoldPredictionsTable.EVENT_ID)),
                "left")
            .select(
                col(GoldPredictionsTable.ANOMALY_SCORE),
                col(GoldPredictionsTable.IS_ANOMALY),
                col(KIND))
            .collectAsList();
    return agreement(rows);
  }

  /** From (score, flag, kind or null) rows. */
  static Optional<GroundTruthAgreement> agreement(List<Row> rows) {
    int n = rows.size();
    double[] scores = new double[n];
    boolean[] labelled = new boolean[n];
    long labelledCount = 0;
    long flagged = 0;
    long flaggedLabelled = 0;
    Map<String, List<Integer>> rowsOfKind = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      Row row = rows.get(i);
      scores[i] = row.getDouble(0);
      String kind = row.isNullAt(2) ? null : row.getString(2);
      labelled[i] = kind != null;
      boolean flag = row.getBoolean(1);
      if (labelled[i]) {
        labelledCount++;
        rowsOfKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(i);
      }
      if (flag) {
        flagged++;
        if (labelled[i]) {
          flaggedLabelled++;
        }
      }
    }
    if (labelledCount == 0 || labelledCount == n) {
      return Optional.empty();
    }
    double[] unlabelledScores = new double[n - (int) labelledCount];
    int next = 0;
    for (int i = 0; i < n; i++) {
      if (!labelled[i]) {
        unlabelledScores[next++] = scores[i];
      }
    }
    SortedMap<String, Double> byKind = new TreeMap<>();
    rowsOfKind.forEach(
        (kind, indices) -> byKind.put(kind, kindRocAuc(scores, unlabelledScores, indices)));
    return Optional.of(
        new GroundTruthAgreement(
            labelledCount, n, RocAuc.of(scores, labelled), byKind, flagged, flaggedLabelled));
  }

  /** ROC AUC of one kind's events (positives) against the unlabelled events (negatives). */
  private static double kindRocAuc(
      double[] scores, double[] unlabelledScores, List<Integer> ofKind) {
    double[] kindScores = Arrays.copyOf(unlabelledScores, unlabelledScores.length + ofKind.size());
    boolean[] positive = new boolean[kindScores.length];
    int next = unlabelledScores.length;
    for (int i : ofKind) {
      kindScores[next] = scores[i];
      positive[next++] = true;
    }
    return RocAuc.of(kindScores, positive);
  }
}
