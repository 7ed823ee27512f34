package io.anomalypipe.common.mlflow.model;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The model's input and output columns, in order, as MLflow records them in {@code MLmodel} ({@code
 * signature.inputs} / {@code signature.outputs}).
 *
 * @param inputs the features, in the order the model expects them
 * @param outputs what the model returns (may be empty)
 */
public record ModelSignature(List<ColumnSpec> inputs, List<ColumnSpec> outputs) {

  public ModelSignature {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("a model signature needs at least one input column");
    }
    requireUniqueNames(inputs, "input");
    requireUniqueNames(outputs, "output");
  }

  /** The input column names, in order. */
  public List<String> inputNames() {
    return inputs.stream().map(ColumnSpec::name).toList();
  }

  /** The input column types, in order. */
  public List<String> inputTypes() {
    return inputs.stream().map(ColumnSpec::type).toList();
  }

  private static void requireUniqueNames(List<ColumnSpec> columns, String kind) {
    Set<String> seen = new HashSet<>();
    for (ColumnSpec column : columns) {
      if (!seen.add(column.name())) {
        throw new IllegalArgumentException(
            "the model signature has the " + kind + " column '" + column.name() + "' twice");
      }
    }
  }
}
