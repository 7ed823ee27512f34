package io.anomalypipe.gold.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.anomalypipe.common.features.EventFeatures;
import io.anomalypipe.common.schema.SilverTable;
import io.anomalypipe.common.testing.SparkTestSession;
import io.anomalypipe.gold.GeneratedSilverEvents;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Do the features let an Isolation Forest find the generator's anomalies? Silver-shaped events from
 * the real generator, features from {@link EventFeatures}, a forest from the project's trainer with
 * the paper's defaults, and the ROC AUC of its scores against the generator's labels: overall and
 * per anomaly kind (that kind's events against all normal events).
 */
class FeatureQualityTest {

  @RegisterExtension static final SparkTestSession SPARK = new SparkTestSession();

  private static double[][] features;
  private static String[] kinds;

  @BeforeAll
  static void featuresOfGeneratedEvents() {
    GeneratedSilverEvents events =
        GeneratedSilverEvents.simulate(
            "--generator.count", "60000",
            "--generator.users", "1000",
            "--generator.seed", "2026",
            "--generator.start-time", "2026-03-02T00:00:00Z",
            "--generator.simulated-span", "3d");
    List<Row> rows =
        EventFeatures.withFeatures(events.toDataset(SPARK.session()))
            .orderBy(SilverTable.EVENT_TIME_MILLIS, SilverTable.EVENT_ID)
            .collectAsList();
    int[] columns = EventFeatures.columnIndices(rows.get(0).schema());
    features = new double[rows.size()][columns.length];
    kinds = new String[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      EventFeatures.copyInto(rows.get(i), columns, features[i], 0);
      kinds[i] =
          events
              .anomalyKindByEventId()
              .get(rows.get(i).getString(rows.get(i).fieldIndex(SilverTable.EVENT_ID)));
    }
  }

  @Test
  void anIsolationForestOnTheFeaturesFindsTheGeneratorsAnomalies() {
    TrainedForest forest = IsolationForestTrainer.fit(features, IsolationForestParams.defaults(7L));
    double[] scores = new double[features.length];
    CompiledForest.compile(forest).scoreBatch(features, scores);

    Map<String, Double> aucByKind = new LinkedHashMap<>();
    aucByKind.put("ALL", auc(scores, null));
    for (String kind :
        new TreeSet<>(java.util.Arrays.stream(kinds).filter(k -> k != null).toList())) {
      aucByKind.put(kind, auc(scores, kind));
    }
    List<String> lines = new ArrayList<>();
    aucByKind.forEach(
        (kind, auc) ->
            lines.add(
                String.format(Locale.ROOT, "%-22s n=%5d  ROC AUC %.4f", kind, count(kind), auc)));
    System.out.println(
        "Feature quality on "
            + features.length
            + " generated events:\n"
            + String.join("\n", lines));

    assertThat(aucByKind)
        .containsKeys("BOT_BURST", "EXTREME_VALUE", "ODD_HOUR", "PURCHASE_WITHOUT_VIEW");
    assertThat(aucByKind.get("ALL")).as("ROC AUC, all anomalies").isGreaterThanOrEqualTo(0.95);
    // Each kind on its own, with some slack: ODD_HOUR has few events and normal users are awake
    // at those hours too (rarely).
    aucByKind.forEach(
        (kind, auc) -> assertThat(auc).as("ROC AUC, %s", kind).isGreaterThanOrEqualTo(0.9));
  }

  /** AUC of the events of {@code kind} (any kind if null) against the normal events. */
  private static double auc(double[] scores, String kind) {
    List<Double> selected = new ArrayList<>();
    List<Boolean> positive = new ArrayList<>();
    for (int i = 0; i < scores.length; i++) {
      boolean anomaly = kinds[i] != null;
      if (!anomaly || kind == null || kind.equals(kinds[i])) {
        selected.add(scores[i]);
        positive.add(anomaly);
      }
    }
    double[] s = selected.stream().mapToDouble(Double::doubleValue).toArray();
    boolean[] p = new boolean[positive.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = positive.get(i);
    }
    return RocAuc.of(s, p);
  }

  private static long count(String kind) {
    return java.util.Arrays.stream(kinds)
        .filter(k -> kind.equals("ALL") ? k != null : kind.equals(k))
        .count();
  }
}
