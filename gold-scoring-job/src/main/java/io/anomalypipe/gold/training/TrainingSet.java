package io.anomalypipe.gold.training;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

import io.anomalypipe.common.features.EventFeatures;
import io.anomalypipe.common.features.FeatureWindow;
import io.anomalypipe.common.schema.SilverTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The rows a model trains on, from Silver: the events of the training window with their features
 * (computed with the window's lookback, as scoring computes them), sampled down to a cap, and
 * brought to the driver in a fixed order.
 */
public final class TrainingSet {

  /** Resolution of the sampling fraction: parts per million. */
  private static final long SAMPLING_BUCKETS = 1_000_000L;

  private TrainingSet() {}

  /** The window's Silver events with their features; Silver's columns pass through. */
  public static Dataset<Row> features(Dataset<Row> silver, FeatureWindow window) {
    return EventFeatures.forWindow(silver, window);
  }

  /**
   * About {@code fraction} of the rows, chosen by a hash of the event id and the seed: the same
   * rows on every run and every cluster layout (unlike {@code Dataset.sample}, which depends on
   * partitioning). {@code fraction >= 1} keeps every row.
   */
  public static Dataset<Row> sample(Dataset<Row> rows, double fraction, long seed) {
    if (fraction >= 1.0) {
      return rows;
    }
    long keep = (long) Math.floor(fraction * SAMPLING_BUCKETS);
    Column bucket = pmod(xxhash64(col(SilverTable.EVENT_ID), lit(seed)), lit(SAMPLING_BUCKETS));
    return rows.where(bucket.lt(keep));
  }

  /** The sampling fraction that brings {@code rowCount} rows down to about {@code maxRows}. */
  public static double fractionFor(long rowCount, long maxRows) {
    return rowCount <= maxRows ? 1.0 : (double) maxRows / rowCount;
  }

  /**
   * Collects event ids and feature vectors, ordered by event time then event id. Rows come to the
   * driver one partition at a time in whatever order Spark has them (no global sort, which would
   * cost a shuffle and a sampling job) and are put in order there: the driver holds the matrix and
   * one partition of rows, never more.
   */
  public static FeatureMatrix collect(Dataset<Row> featureRows) {
    List<String> names = EventFeatures.names();
    List<Column> columns = new ArrayList<>();
    columns.add(col(SilverTable.EVENT_ID));
    columns.add(col(SilverTable.EVENT_TIME_MILLIS));
    names.forEach(name -> columns.add(col(name)));
    Iterator<Row> rows = featureRows.select(columns.toArray(Column[]::new)).toLocalIterator();

    int[] featureIndices = new int[names.size()];
    for (int i = 0; i < featureIndices.length; i++) {
      featureIndices[i] = i + 2;
    }
    List<String> eventIds = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    List<double[]> vectors = new ArrayList<>();
    while (rows.hasNext()) {
      Row row = rows.next();
      double[] vector = new double[names.size()];
      EventFeatures.copyInto(row, featureIndices, vector, 0);
      eventIds.add(row.getString(0));
      times.add(row.getLong(1));
      vectors.add(vector);
    }
    Integer[] order = new Integer[eventIds.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(
        order,
        Comparator.comparingLong((Integer i) -> times.get(i)).thenComparing(i -> eventIds.get(i)));
    String[] orderedIds = new String[order.length];
    double[][] orderedRows = new double[order.length][];
    for (int k = 0; k < order.length; k++) {
      orderedIds[k] = eventIds.get(order[k]);
      orderedRows[k] = vectors.get(order[k]);
    }
    return new FeatureMatrix(names, orderedIds, orderedRows);
  }
}
