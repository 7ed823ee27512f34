/**
 * The event generator: realistic clickstream events to Kafka, with injected duplicates, malformed
 * records, late events and labelled anomalies, reproducible from a seed.
 *
 * <p>How to run: {@code bin/generate --help} (keys and defaults: {@code pipeline.generator} and
 * {@code pipeline.kafka} in {@code conf/application.conf}). From code: {@link
 * io.anomalypipe.generator.EventGenerator#runToKafka} with a {@link
 * io.anomalypipe.generator.GeneratorConfig}; without Kafka: {@link
 * io.anomalypipe.generator.ClickstreamSimulator}. A run is live or a window ({@link
 * io.anomalypipe.generator.Timeline}): live, each event's time is when it is sent; a window, by
 * default the span that ends now.
 *
 * <p>Parts: {@link io.anomalypipe.generator.GeneratorConfig} (settings) → {@link
 * io.anomalypipe.generator.ClickstreamSimulator} or {@link io.anomalypipe.generator.ReplaySource}
 * ({@link io.anomalypipe.generator.GeneratedRecord}s) → {@link
 * io.anomalypipe.generator.EventGenerator} (pacing, progress, manifest, ground truth) → {@link
 * io.anomalypipe.generator.RecordSink} ({@link io.anomalypipe.generator.KafkaRecordSink}) → {@link
 * io.anomalypipe.generator.SentRecord}s and a {@link io.anomalypipe.generator.GenerationSummary}.
 */
package io.anomalypipe.generator;
