package io.anomalypipe.gold.scoring;

import io.anomalypipe.common.config.ConfigReader;
import io.anomalypipe.common.config.InvalidConfigException;
import io.anomalypipe.common.config.SparkSettings;
import io.anomalypipe.common.config.StorageLayout;
import io.anomalypipe.common.mlflow.MlflowSettings;
import io.anomalypipe.common.mlflow.model.InvalidModelUriException;
import io.anomalypipe.common.mlflow.model.ModelUri;
import io.anomalypipe.common.schema.Tables;
import io.anomalypipe.common.spark.TriggerMode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Everything the Gold scoring job reads from configuration ({@code pipeline.gold}, plus the {@code
 * mlflow}, {@code storage} and {@code spark} sections), validated once at start-up.
 *
 * @param modelUri the model to score with: {@code gold.model-uri}, or {@code
 *     models:/<registered-model-name>@<alias>} when that is empty
 * @param trigger availableNow (score what Silver has, then stop) or processingTime (keep going)
 * @param triggerInterval interval of the processingTime trigger
 * @param maxFilesPerTrigger cap on Silver files per micro-batch; 0 = Delta's default
 * @param rescoreDates dates to re-score (sorted, distinct); empty = incremental mode
 */
public record GoldConfig(
    StorageLayout storage,
    SparkSettings spark,
    MlflowSettings mlflow,
    ModelUri modelUri,
    TriggerMode trigger,
    Duration triggerInterval,
    long maxFilesPerTrigger,
    List<LocalDate> rescoreDates) {

  /** Name of the streaming query and of its checkpoint folder. */
  public static final String QUERY_NAME = "gold_scoring";

  public GoldConfig {
    rescoreDates = List.copyOf(rescoreDates);
  }

  public static GoldConfig fromConfig(ConfigReader pipeline) {
    ConfigReader gold = pipeline.section("gold");
    MlflowSettings mlflow = MlflowSettings.fromConfig(pipeline);
    TriggerMode trigger = gold.oneOf("trigger", TriggerMode.class);
    List<LocalDate> rescoreDates = dates(gold, "rescore-dates");
    if (!rescoreDates.isEmpty() && trigger != TriggerMode.AVAILABLE_NOW) {
      throw new InvalidConfigException(
          gold.fullKey("trigger"),
          trigger,
          "a re-score (gold.rescore-dates = "
              + rescoreDates
              + ") is a one-off batch job; leave the trigger at availableNow");
    }
    return new GoldConfig(
        StorageLayout.fromConfig(pipeline),
        SparkSettings.fromConfig(pipeline),
        mlflow,
        modelUri(gold, mlflow),
        trigger,
        gold.positiveDuration("trigger-interval"),
        gold.longAtLeast("max-files-per-trigger", 0),
        rescoreDates);
  }

  /** True when the job re-scores {@link #rescoreDates} instead of following Silver. */
  public boolean rescore() {
    return !rescoreDates.isEmpty();
  }

  public String silverTablePath() {
    return storage.tablePath(Tables.SILVER_EVENTS);
  }

  public String scoredTablePath() {
    return storage.tablePath(Tables.GOLD_EVENTS_SCORED);
  }

  public String predictionsTablePath() {
    return storage.tablePath(Tables.GOLD_ANOMALY_PREDICTIONS);
  }

  public String checkpointPath() {
    return storage.checkpointPath(QUERY_NAME);
  }

  private static ModelUri modelUri(ConfigReader gold, MlflowSettings mlflow) {
    String configured = gold.string("model-uri").strip();
    String uri =
        configured.isEmpty()
            ? "models:/" + mlflow.registeredModelName() + "@" + mlflow.alias()
            : configured;
    try {
      return ModelUri.parse(uri);
    } catch (InvalidModelUriException e) {
      throw new InvalidConfigException(
          configured.isEmpty() ? "pipeline.mlflow.alias" : gold.fullKey("model-uri"),
          uri,
          e.getMessage());
    }
  }

  private static List<LocalDate> dates(ConfigReader section, String key) {
    List<LocalDate> dates = new ArrayList<>();
    for (String text : section.stringList(key)) {
      try {
        dates.add(LocalDate.parse(text));
      } catch (DateTimeParseException e) {
        throw new InvalidConfigException(
            section.fullKey(key),
            String.join(",", section.stringList(key)),
            "'" + text + "' is not an ISO date such as 2026-11-20");
      }
    }
    return List.copyOf(new TreeSet<>(dates));
  }
}
