package io.anomalypipe.common.features;

import java.util.Objects;

/**
 * One model input column: its name in the Dataset {@link EventFeatures#withFeatures} returns, its
 * type as an MLflow model signature names it, and what it measures.
 *
 * @param name the column name, e.g. {@code feature_log_value}
 * @param mlflowType the MLflow signature column type; every feature is {@link #MLFLOW_DOUBLE}
 * @param description one line on what the value means, for the model signature and the docs
 */
public record FeatureDefinition(String name, String mlflowType, String description) {

  /** MLflow's name of a 64-bit floating-point column (Spark {@code DoubleType}). */
  public static final String MLFLOW_DOUBLE = "double";

  public FeatureDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mlflowType, "mlflowType");
    Objects.requireNonNull(description, "description");
  }

  static FeatureDefinition ofDouble(String name, String description) {
    return new FeatureDefinition(name, MLFLOW_DOUBLE, description);
  }
}
