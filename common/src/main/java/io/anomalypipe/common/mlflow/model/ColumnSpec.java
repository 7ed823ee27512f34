package io.anomalypipe.common.mlflow.model;

import java.util.Set;

/**
 * One column of an MLflow model signature (a "column-based" schema).
 *
 * @param name the column (feature) name
 * @param type an MLflow column type: {@code boolean}, {@code integer}, {@code long}, {@code float},
 *     {@code double}, {@code string}, {@code binary} or {@code datetime}
 */
public record ColumnSpec(String name, String type) {

  /** The column types of MLflow's {@code mlflow.types.DataType}. */
  public static final Set<String> TYPES =
      Set.of("boolean", "integer", "long", "float", "double", "string", "binary", "datetime");

  public ColumnSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a signature column needs a name");
    }
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException(
          "column '" + name + "' has type '" + type + "'; MLflow column types are " + TYPES);
    }
  }
}
