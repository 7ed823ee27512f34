package io.anomalypipe.gold.training;

import java.util.List;

/**
 * Training rows on the driver: the event id and feature vector of each row, in a fixed order (event
 * time, then event id) so that the same Silver rows always give the same matrix, and therefore the
 * same model.
 *
 * @param featureNames column names, in model input order
 * @param eventIds one per row
 * @param rows one feature vector per row
 */
public record FeatureMatrix(List<String> featureNames, String[] eventIds, double[][] rows) {

  public FeatureMatrix {
    featureNames = List.copyOf(featureNames);
    if (eventIds.length != rows.length) {
      throw new IllegalArgumentException(
          eventIds.length + " event ids for " + rows.length + " rows");
    }
  }

  public int rowCount() {
    return rows.length;
  }
}
