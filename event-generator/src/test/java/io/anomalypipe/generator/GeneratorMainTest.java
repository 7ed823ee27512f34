package io.anomalypipe.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GeneratorMainTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int execute(String... args) {
    return GeneratorMain.execute(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void helpListsTheGeneratorAndKafkaKeys() {
    int code = execute("--help");

    String help = out.toString(StandardCharsets.UTF_8);
    assertThat(code).isZero();
    assertThat(help).startsWith("Usage: bin/generate");
    assertThat(help)
        .contains("--generator.duplicate-rate")
        .contains("--generator.start-time")
        .contains("--generator.input-file")
        .contains("--kafka.bootstrap-servers")
        .contains("--kafka.topic");
    assertThat(help).doesNotContain("--bronze.");
  }

  @Test
  void anInvalidValueExitsWith2NamingKeyAndValueWithoutAStackTrace() {
    int code = execute("--generator.duplicate-rate", "2");

    String message = err.toString(StandardCharsets.UTF_8);
    assertThat(code).isEqualTo(2);
    assertThat(message).contains("pipeline.generator.duplicate-rate").contains("2");
    assertThat(message).doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void anUnknownKeyOrAStrayArgumentExitsWith2() {
    assertThat(execute("--generator.cuont", "5")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("pipeline.generator.cuont");
    assertThat(execute("count")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unexpected argument 'count'");
  }

  @Test
  void aRunPrintsTheSummaryToStdoutAndProgressToStderr() {
    InMemoryRecordSink sink = new InMemoryRecordSink(2);

    int code =
        GeneratorMain.execute(
            new String[] {"--generator.count", "500", "--generator.start-time", TestConfigs.START},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            config -> sink);

    assertThat(code).isZero();
    assertThat(sink.stored()).hasSize(500);
    assertThat(sink.closed()).isTrue();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Sent 500 records to topic in-memory")
        .contains("500 acknowledged, 0 failed");
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("generator: 500 records to topic clickstream-events")
        .contains("seed 42, start-time 2026-01-01T00:00:00Z");
  }

  @Test
  void helpStatesTheLiveAndTheWindowMode() {
    execute("--help");

    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Live (--generator.rate N, start-time auto)")
        .contains("Window (no rate, or an explicit start-time)")
        .contains("--generator.live-jitter");
  }

  @Test
  void aRateMakesALiveRunAndAContradictoryWindowExitsWith2() {
    InMemoryRecordSink sink = new InMemoryRecordSink(2);

    int live =
        GeneratorMain.execute(
            new String[] {"--generator.count", "200", "--generator.rate", "400"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            config -> sink);
    int future = execute("--generator.start-time", "now");

    assertThat(live).isZero();
    assertThat(sink.stored()).hasSize(200);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("live: event time = send time, jitter PT0S, 400.0 records/s for about PT0.5S")
        .contains("pipeline.generator.start-time")
        .contains("pipeline.silver.max-clock-skew (1h)");
    assertThat(future).isEqualTo(2);
  }

  @Test
  void kafkaTroubleExitsWith1WithAMessage() {
    int setup =
        GeneratorMain.execute(
            new String[] {"--generator.count", "5"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            config -> {
              throw new KafkaSetupException("Cannot describe topic t at 127.0.0.1:1: timed out");
            });
    int send =
        GeneratorMain.execute(
            new String[] {"--generator.count", "50"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            config -> new InMemoryRecordSink(2, 10));

    assertThat(setup).isEqualTo(1);
    assertThat(send).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("error: Cannot describe topic t at 127.0.0.1:1")
        .contains("error: 1 of 11 records could not be sent")
        .doesNotContain("\tat ");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("10 acknowledged, 1 failed");
  }
}
