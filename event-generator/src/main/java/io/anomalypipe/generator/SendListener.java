package io.anomalypipe.generator;

/** Told, for each record handed to a {@link RecordSink}, whether it was stored. */
public interface SendListener {

  /** The record was acknowledged (for Kafka: by all in-sync replicas). */
  void acknowledged(SentRecord sent);

  /** The record could not be sent. */
  void failed(GeneratedRecord record, Exception error);
}
