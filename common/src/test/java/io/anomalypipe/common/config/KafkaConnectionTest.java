package io.anomalypipe.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class KafkaConnectionTest {

  private static final UnaryOperator<String> NO_ENV = name -> null;

  private static KafkaConnection connection(String... flags) {
    return KafkaConnection.fromConfig(
        ConfigReader.of(PipelineConfigLoader.load(CommandLine.parse(flags))));
  }

  @Test
  void plaintextNeedsNoSecrets() {
    Map<String, String> properties = connection().clientProperties(NO_ENV);

    assertThat(properties)
        .containsExactly(
            Map.entry("bootstrap.servers", "127.0.0.1:19092"),
            Map.entry("security.protocol", "PLAINTEXT"));
  }

  @Test
  void saslSslPlainReadsCredentialsFromTheNamedVariables() {
    Map<String, String> env =
        Map.of("CC_KEY", "api-key", "CC_SECRET", "s3cr\"et", "TS_PASS", "changeit");

    Map<String, String> properties =
        connection(
                "--kafka.security.protocol", "SASL_SSL",
                "--kafka.security.sasl-username-env", "CC_KEY",
                "--kafka.security.sasl-password-env", "CC_SECRET",
                "--kafka.security.truststore-location", "/etc/ts.jks",
                "--kafka.security.truststore-password-env", "TS_PASS")
            .clientProperties(env::get);

    assertThat(properties)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "PLAIN")
        .containsEntry(
            "sasl.jaas.config",
            "org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"api-key\" password=\"s3cr\\\"et\";")
        .containsEntry("ssl.truststore.location", "/etc/ts.jks")
        .containsEntry("ssl.truststore.password", "changeit");
    assertThat(KafkaConnection.redacted(properties).toString())
        .doesNotContain("s3cr")
        .doesNotContain("changeit")
        .contains("<redacted>");
  }

  @Test
  void scramOnDatabricksUsesTheShadedLoginModule() {
    Map<String, String> env = Map.of("KAFKA_SASL_USERNAME", "u", "KAFKA_SASL_PASSWORD", "p");

    Map<String, String> properties =
        connection(
                "--kafka.security.protocol", "SASL_SSL",
                "--kafka.security.sasl-mechanism", "SCRAM-SHA-512",
                "--kafka.security.login-module-prefix", "kafkashaded.")
            .clientProperties(env::get);

    assertThat(properties)
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry(
            "sasl.jaas.config",
            "kafkashaded.org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"u\" password=\"p\";");
  }

  @Test
  void missingSecretNamesTheVariableOnly() {
    KafkaConnection sasl = connection("--kafka.security.protocol", "SASL_SSL");
    Map<String, String> env = Map.of("KAFKA_SASL_USERNAME", "user-1");

    assertThatThrownBy(() -> sasl.clientProperties(env::get))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("KAFKA_SASL_PASSWORD")
        .hasMessageContaining("is not set");
  }

  @Test
  void badBootstrapServersAreNamed() {
    assertThatThrownBy(() -> connection("--kafka.bootstrap-servers", "localhost"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "Invalid config 'pipeline.kafka.bootstrap-servers' = 'localhost':"
                + " expected host:port[,host:port]");
  }

  @Test
  void unknownProtocolListsTheChoices() {
    assertThatThrownBy(() -> connection("--kafka.security.protocol", "TLS"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("'pipeline.kafka.security.protocol' = 'TLS'")
        .hasMessageContaining("PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL");
  }
}
