package io.anomalypipe.generator;

import io.anomalypipe.common.config.KafkaConnection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records to a Kafka topic with an idempotent producer (acks=all), batched and lz4-compressed
 * for throughput. {@link #open} creates the topic first if it is missing.
 */
public final class KafkaRecordSink implements RecordSink {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaRecordSink.class);

  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final int partitionCount;

  private KafkaRecordSink(KafkaProducer<byte[], byte[]> producer, String topic, int partitions) {
    this.producer = producer;
    this.topic = topic;
    this.partitionCount = partitions;
  }

  /** Connects with the environment's secrets, creates the topic if missing, opens a producer. */
  public static KafkaRecordSink open(GeneratorConfig config) {
    return open(config, System::getenv);
  }

  public static KafkaRecordSink open(GeneratorConfig config, UnaryOperator<String> environment) {
    KafkaConnection kafka = config.kafka();
    Map<String, String> connection = kafka.clientProperties(environment);
    Map<String, String> safe = KafkaConnection.redacted(connection);
    LOG.atInfo()
        .addKeyValue("topic", kafka.topic())
        .addKeyValue("kafka", safe)
        .log("Producing to topic " + kafka.topic() + " with " + safe);
    Map<String, Object> clientProperties = new LinkedHashMap<>(connection);
    int partitions =
        TopicProvisioner.ensureTopic(clientProperties, kafka.topic(), config.partitions());
    KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            producerProperties(clientProperties),
            new ByteArraySerializer(),
            new ByteArraySerializer());
    return new KafkaRecordSink(producer, kafka.topic(), partitions);
  }

  /** The connection's properties plus the producer settings. */
  static Map<String, Object> producerProperties(Map<String, Object> connection) {
    Map<String, Object> properties = new LinkedHashMap<>(connection);
    properties.put(ProducerConfig.CLIENT_ID_CONFIG, "event-generator");
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    properties.put(ProducerConfig.LINGER_MS_CONFIG, 15);
    properties.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    properties.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
    properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    return properties;
  }

  @Override
  public String topic() {
    return topic;
  }

  @Override
  public int partitionCount() {
    return partitionCount;
  }

  @Override
  public void send(GeneratedRecord record, SendListener listener) {
    Integer partition = record.partition().isPresent() ? record.partition().getAsInt() : null;
    ProducerRecord<byte[], byte[]> producerRecord =
        new ProducerRecord<>(topic, partition, record.key(), record.value());
    try {
      producer.send(
          producerRecord,
          (metadata, error) -> {
            if (error == null) {
              listener.acknowledged(
                  SentRecord.of(record, topic, metadata.partition(), metadata.offset()));
            } else {
              listener.failed(record, error);
            }
          });
    } catch (RuntimeException e) {
      listener.failed(record, e);
    }
  }

  @Override
  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close();
  }
}
