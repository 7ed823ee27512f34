package io.anomalypipe.common.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * How to reach Kafka: brokers, topic and security. Holds the <em>names</em> of the environment
 * variables that carry secrets, never the secrets: {@link #clientProperties} reads them when the
 * Kafka client is configured, and nothing here puts them into a message or a log line.
 */
public record KafkaConnection(
    String bootstrapServers,
    String topic,
    SecurityProtocol protocol,
    SaslMechanism saslMechanism,
    String saslUsernameEnv,
    String saslPasswordEnv,
    String loginModulePrefix,
    Optional<String> truststoreLocation,
    String truststoreType,
    String truststorePasswordEnv) {

  /** Kafka's security.protocol values. */
  public enum SecurityProtocol {
    PLAINTEXT,
    SSL,
    SASL_PLAINTEXT,
    SASL_SSL;

    boolean usesSasl() {
      return this == SASL_PLAINTEXT || this == SASL_SSL;
    }

    boolean usesTls() {
      return this == SSL || this == SASL_SSL;
    }
  }

  /** SASL mechanisms supported (Confluent Cloud uses PLAIN; SCRAM for self-managed clusters). */
  public enum SaslMechanism {
    PLAIN("PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule"),
    SCRAM_SHA_256("SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule"),
    SCRAM_SHA_512("SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule");

    private final String kafkaName;
    private final String loginModule;

    SaslMechanism(String kafkaName, String loginModule) {
      this.kafkaName = kafkaName;
      this.loginModule = loginModule;
    }

    @Override
    public String toString() {
      return kafkaName;
    }
  }

  /** Reads the {@code pipeline.kafka} section. */
  public static KafkaConnection fromConfig(ConfigReader pipeline) {
    ConfigReader kafka = pipeline.section("kafka");
    ConfigReader security = kafka.section("security");
    String bootstrapServers = kafka.nonBlankString("bootstrap-servers");
    for (String server : bootstrapServers.split(",")) {
      if (!server.strip().matches("[^:\\s]+:\\d{1,5}")) {
        throw new InvalidConfigException(
            kafka.fullKey("bootstrap-servers"), bootstrapServers, "expected host:port[,host:port]");
      }
    }
    return new KafkaConnection(
        bootstrapServers,
        kafka.nonBlankString("topic"),
        security.oneOf("protocol", SecurityProtocol.class),
        security.oneOf("sasl-mechanism", SaslMechanism.class),
        security.nonBlankString("sasl-username-env"),
        security.nonBlankString("sasl-password-env"),
        security.string("login-module-prefix"),
        security.optionalString("truststore-location"),
        security.nonBlankString("truststore-type"),
        security.nonBlankString("truststore-password-env"));
  }

  /**
   * Kafka client properties for this connection, with secrets read through {@code environment}
   * (normally {@code System::getenv}). A missing secret fails naming the variable, not a value.
   */
  public Map<String, String> clientProperties(UnaryOperator<String> environment) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("bootstrap.servers", bootstrapServers);
    properties.put("security.protocol", protocol.name());
    if (protocol.usesSasl()) {
      String user = requiredSecret(environment, saslUsernameEnv);
      String password = requiredSecret(environment, saslPasswordEnv);
      properties.put("sasl.mechanism", saslMechanism.kafkaName);
      properties.put(
          "sasl.jaas.config",
          loginModulePrefix
              + saslMechanism.loginModule
              + " required username=\""
              + jaasEscape(user)
              + "\" password=\""
              + jaasEscape(password)
              + "\";");
    }
    if (protocol.usesTls() && truststoreLocation.isPresent()) {
      properties.put("ssl.truststore.location", truststoreLocation.get());
      properties.put("ssl.truststore.type", truststoreType);
      String password = environment.apply(truststorePasswordEnv);
      if (password != null && !password.isEmpty()) {
        properties.put("ssl.truststore.password", password);
      }
    }
    return properties;
  }

  /** The properties with every secret replaced, for logs and error messages. */
  public static Map<String, String> redacted(Map<String, String> properties) {
    Map<String, String> safe = new LinkedHashMap<>();
    properties.forEach((key, value) -> safe.put(key, isSecret(key) ? "<redacted>" : value));
    return safe;
  }

  static boolean isSecret(String key) {
    String lower = key.toLowerCase(java.util.Locale.ROOT);
    return lower.contains("jaas") || lower.contains("password") || lower.contains("secret");
  }

  private String requiredSecret(UnaryOperator<String> environment, String variable) {
    String value = environment.apply(variable);
    if (value == null || value.isEmpty()) {
      throw InvalidConfigException.withMessage(
          "pipeline.kafka.security",
          "Kafka security protocol "
              + protocol
              + " needs the environment variable "
              + variable
              + " (named by pipeline.kafka.security), but it is not set");
    }
    return value;
  }

  private static String jaasEscape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
