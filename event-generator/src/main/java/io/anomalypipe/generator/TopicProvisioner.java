package io.anomalypipe.generator;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the topic exists: creates it with the configured partitions (and the broker's default
 * replication factor, 1 on a local single broker) if missing; keeps it as it is if present.
 */
final class TopicProvisioner {

  private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);
  private static final long TIMEOUT_SECONDS = 20;

  private final Admin admin;
  private final String topic;
  private final String servers;

  private TopicProvisioner(Admin admin, String topic, String servers) {
    this.admin = admin;
    this.topic = topic;
    this.servers = servers;
  }

  /** Creates the topic if it is missing; returns its partition count. */
  static int ensureTopic(Map<String, Object> clientProperties, String topic, int partitions) {
    Map<String, Object> properties = new HashMap<>(clientProperties);
    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
    properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "event-generator-admin");
    String servers =
        String.valueOf(clientProperties.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
    try (Admin admin = Admin.create(properties)) {
      return new TopicProvisioner(admin, topic, servers).ensure(partitions);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaSetupException("Interrupted while checking topic " + topic, e);
    }
  }

  private int ensure(int partitions) throws InterruptedException {
    Optional<Integer> existing = partitionCount();
    if (existing.isPresent()) {
      if (existing.get() != partitions) {
        LOG.atInfo()
            .addKeyValue("topic", topic)
            .addKeyValue("partitions", existing.get())
            .log(
                "Topic "
                    + topic
                    + " exists with "
                    + existing.get()
                    + " partitions (generator.partitions = "
                    + partitions
                    + "); keeping it");
      }
      return existing.get();
    }
    try {
      admin
          .createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
          .all()
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      LOG.atInfo()
          .addKeyValue("topic", topic)
          .addKeyValue("partitions", partitions)
          .log("Created topic " + topic + " with " + partitions + " partitions");
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw failure("create topic", e.getCause());
      }
    } catch (TimeoutException e) {
      throw failure("create topic", e);
    }
    for (int attempt = 0; attempt < 50; attempt++) {
      Optional<Integer> created = partitionCount();
      if (created.isPresent()) {
        return created.get();
      }
      Thread.sleep(200);
    }
    throw new KafkaSetupException("Topic " + topic + " was created but does not show up");
  }

  private Optional<Integer> partitionCount() throws InterruptedException {
    try {
      Map<String, TopicDescription> descriptions =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return Optional.of(descriptions.get(topic).partitions().size());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return Optional.empty();
      }
      throw failure("describe topic", e.getCause());
    } catch (TimeoutException e) {
      throw failure("describe topic", e);
    }
  }

  private KafkaSetupException failure(String action, Throwable cause) {
    return new KafkaSetupException(
        "Cannot " + action + " " + topic + " at " + servers + ": " + cause.getMessage(), cause);
  }
}
