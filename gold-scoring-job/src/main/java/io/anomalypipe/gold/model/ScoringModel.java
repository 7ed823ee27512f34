package io.anomalypipe.gold.model;

import java.util.List;

/**
 * What {@link ForestCodec} stores: the compiled forest and the names of its input columns, in
 * feature order, so the scoring job can check that Silver still has them.
 *
 * @param featureNames one name per feature, or empty when the names are unknown
 */
public record ScoringModel(CompiledForest forest, List<String> featureNames) {

  public ScoringModel {
    featureNames = List.copyOf(featureNames);
    if (!featureNames.isEmpty() && featureNames.size() != forest.featureCount()) {
      throw new IllegalArgumentException(
          "featureNames has "
              + featureNames.size()
              + " names for "
              + forest.featureCount()
              + " features");
    }
  }
}
