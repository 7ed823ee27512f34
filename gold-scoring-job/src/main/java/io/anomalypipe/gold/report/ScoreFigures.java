package io.anomalypipe.gold.report;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.anomalypipe.common.schema.GoldPredictionsTable;
import io.anomalypipe.common.schema.GoldScoredTable;
import io.anomalypipe.common.schema.SilverTable;
import io.anomalypipe.common.schema.Tables;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What Gold's scores look like, aggregated in Spark: the score histogram (bins counted by a {@code
 * groupBy}), the anomaly rate per hour or day (counted per time bucket), and the top events by
 * score with the features the model saw. Only the bins, the buckets and the top rows reach the
 * driver.
 *
 * @param histogram scores of {@code gold_events_scored} in range; empty when there are none
 * @param rateUnit the anomaly-rate bucket: an hour or a day
 * @param rate flagged share per bucket of event time ({@code gold_anomaly_predictions})
 * @param top the highest-scored events, highest first
 */
record ScoreFigures(
    Optional<ScoreHistogram> histogram,
    Duration rateUnit,
    List<RateBucket> rate,
    List<TopAnomaly> top) {

  static final String FEATURE_PREFIX = "feature_";

  /** At most this many days of data get hourly buckets under {@code rate-bucket = auto}. */
  static final long AUTO_HOURLY_DAYS = 4;

  ScoreFigures {
    rate = List.copyOf(rate);
    top = List.copyOf(top);
  }

  /** Events whose time falls in [start, start + unit), and how many were flagged. */
  record RateBucket(Instant start, long events, long anomalies) {
    double share() {
      return events == 0 ? 0 : (double) anomalies / events;
    }
  }

  /** One of the highest-scored events; {@code features} in table order. */
  record TopAnomaly(
      String eventId,
      String userId,
      String eventType,
      Instant eventTime,
      double value,
      double score,
      String model,
      Map<String, Double> features) {}

  static ScoreFigures measure(
      ReportTables tables, ReportRange range, ReportConfig.RateBucket bucket, int topN) {
    Optional<Dataset<Row>> scored =
        tables
            .read(Tables.GOLD_EVENTS_SCORED)
            .map(t -> range.filter(t, GoldScoredTable.EVENT_DATE));
    Optional<Dataset<Row>> predictions =
        tables
            .read(Tables.GOLD_ANOMALY_PREDICTIONS)
            .map(t -> range.filter(t, GoldPredictionsTable.EVENT_DATE));
    Duration unit = predictions.map(p -> rateUnit(p, bucket)).orElse(Duration.ofHours(1));
    return new ScoreFigures(
        scored.flatMap(s -> histogram(s, ScoreHistogram.DEFAULT_BINS)),
        unit,
        predictions.map(p -> rate(p, unit)).orElse(List.of()),
        scored.map(s -> top(s, topN)).orElse(List.of()));
  }

  /** Counts per bin in Spark, with {@link ScoreHistogram#binOf}'s rule; empty for no rows. */
  static Optional<ScoreHistogram> histogram(Dataset<Row> scored, int bins) {
    Column bin =
        least(
                greatest(floor(col(GoldScoredTable.ANOMALY_SCORE).multiply(bins)), lit(0L)),
                lit((long) bins - 1))
            .cast("int");
    List<Row> counts = scored.groupBy(bin.as("bin")).agg(count(lit(1))).collectAsList();
    if (counts.isEmpty()) {
      return Optional.empty();
    }
    long[] histogram = new long[bins];
    for (Row row : counts) {
      histogram[row.getInt(0)] += row.getLong(1);
    }
    return Optional.of(new ScoreHistogram(histogram));
  }

  private static Duration rateUnit(Dataset<Row> predictions, ReportConfig.RateBucket bucket) {
    return switch (bucket) {
      case hour -> Duration.ofHours(1);
      case day -> Duration.ofDays(1);
      case auto -> {
        Row span =
            predictions
                .agg(min(GoldPredictionsTable.EVENT_TIME), max(GoldPredictionsTable.EVENT_TIME))
                .first();
        boolean hourly =
            span.isNullAt(0)
                || Duration.between(
                            span.getTimestamp(0).toInstant(), span.getTimestamp(1).toInstant())
                        .toDays()
                    < AUTO_HOURLY_DAYS;
        yield hourly ? Duration.ofHours(1) : Duration.ofDays(1);
      }
    };
  }

  private static List<RateBucket> rate(Dataset<Row> predictions, Duration unit) {
    String truncate = unit.equals(Duration.ofDays(1)) ? "day" : "hour";
    return predictions
        .groupBy(date_trunc(truncate, col(GoldPredictionsTable.EVENT_TIME)).as("bucket"))
        .agg(
            count(lit(1)),
            coalesce(sum(when(col(GoldPredictionsTable.IS_ANOMALY), 1L).otherwise(0L)), lit(0L)))
        .orderBy("bucket")
        .collectAsList()
        .stream()
        .map(r -> new RateBucket(r.getTimestamp(0).toInstant(), r.getLong(1), r.getLong(2)))
        .toList();
  }

  private static List<TopAnomaly> top(Dataset<Row> scored, int n) {
    List<String> features =
        Arrays.stream(scored.schema().fieldNames())
            .filter(name -> name.startsWith(FEATURE_PREFIX))
            .toList();
    List<Column> columns =
        new ArrayList<>(
            List.of(
                col(GoldScoredTable.EVENT_ID),
                col(GoldScoredTable.USER_ID),
                col(GoldScoredTable.EVENT_TYPE),
                col(GoldScoredTable.EVENT_TIME),
                col(SilverTable.VALUE),
                col(GoldScoredTable.ANOMALY_SCORE),
                col(GoldScoredTable.MODEL_NAME),
                col(GoldScoredTable.MODEL_VERSION)));
    features.forEach(f -> columns.add(col(f)));
    List<TopAnomaly> top = new ArrayList<>();
    for (Row r :
        scored
            .orderBy(desc(GoldScoredTable.ANOMALY_SCORE), col(GoldScoredTable.EVENT_ID))
            .limit(n)
            .select(columns.toArray(Column[]::new))
            .collectAsList()) {
      Map<String, Double> values = new LinkedHashMap<>();
      for (int i = 0; i < features.size(); i++) {
        values.put(features.get(i), r.isNullAt(8 + i) ? Double.NaN : r.getDouble(8 + i));
      }
      top.add(
          new TopAnomaly(
              r.getString(0),
              r.getString(1),
              r.getString(2),
              r.getTimestamp(3).toInstant(),
              r.getDouble(4),
              r.getDouble(5),
              r.isNullAt(6) ? "a runs:/ model" : r.getString(6) + "/" + r.get(7),
              values));
    }
    return top;
  }
}
