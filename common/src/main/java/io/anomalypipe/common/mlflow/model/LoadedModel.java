package io.anomalypipe.common.mlflow.model;

/**
 * A model read from MLflow whose files matched the checksums recorded with its run.
 *
 * @param data the model data, as logged (the caller decodes its own format); do not change it
 * @param descriptor what {@code MLmodel} says: flavor, signature, metadata
 * @param reference which model this is: registered name and version, run, location
 */
public record LoadedModel(byte[] data, ModelDescriptor descriptor, ModelReference reference) {}
