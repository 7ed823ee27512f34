package io.anomalypipe.common.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.anomalypipe.common.schema.SilverTable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A span of event time, [start, end), to read from Silver: the training window, or the span of a
 * scoring batch. {@link #select} filters on {@code event_date} as well as on the event time, so
 * Delta reads only the partitions of the span.
 *
 * @param start first instant inside the window
 * @param end first instant after the window
 */
public record FeatureWindow(Instant start, Instant end) {

  public FeatureWindow {
    if (start == null || end == null || !start.isBefore(end)) {
      throw new IllegalArgumentException(
          "a feature window needs start < end, got [" + start + ", " + end + ")");
    }
  }

  /** The {@code length} of event time up to {@code end}: [end − length, end). */
  public static FeatureWindow ending(Instant end, Duration length) {
    if (length == null || length.isNegative() || length.isZero()) {
      throw new IllegalArgumentException("a feature window needs a positive length, got " + length);
    }
    return new FeatureWindow(end.minus(length), end);
  }

  /**
   * The smallest window holding the event times {@code firstMillis} to {@code lastMillis} (epoch
   * milliseconds, both included), e.g. the span of a micro-batch's events.
   */
  public static FeatureWindow covering(long firstMillis, long lastMillis) {
    return new FeatureWindow(
        Instant.ofEpochMilli(firstMillis), Instant.ofEpochMilli(Math.addExact(lastMillis, 1)));
  }

  /** This window extended back by {@link EventFeatures#LOOKBACK}: what its features read. */
  public FeatureWindow withLookback() {
    return new FeatureWindow(start.minus(EventFeatures.LOOKBACK), end);
  }

  /** True for Silver rows whose {@code event_time_millis} lies in the window. */
  public Column contains() {
    return col(SilverTable.EVENT_TIME_MILLIS)
        .geq(start.toEpochMilli())
        .and(col(SilverTable.EVENT_TIME_MILLIS).lt(end.toEpochMilli()));
  }

  /**
   * The Silver rows of the window. The {@code event_date} bounds are implied by the event time
   * bounds (the date is the UTC date of the event time) and let Delta skip other partitions.
   */
  public Dataset<Row> select(Dataset<Row> silver) {
    LocalDate firstDate = LocalDate.ofInstant(start, ZoneOffset.UTC);
    LocalDate lastDate = LocalDate.ofInstant(end.minusMillis(1), ZoneOffset.UTC);
    return silver.where(
        col(SilverTable.EVENT_DATE).between(lit(firstDate), lit(lastDate)).and(contains()));
  }

  /** Length of the window. */
  public Duration length() {
    return Duration.between(start, end);
  }
}
