package io.anomalypipe.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PacingAndProgressTest {

  @Test
  void aPacerHoldsTheRate() {
    Pacer pacer = new Pacer(2000);
    long start = System.nanoTime();
    for (int i = 0; i <= 400; i++) {
      pacer.awaitTurn(i);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(seconds).isBetween(0.195, 2.0);
  }

  @Test
  void rateZeroNeverWaits() {
    AtomicLong clockReads = new AtomicLong();
    Pacer pacer = new Pacer(0, clockReads::incrementAndGet);
    for (int i = 0; i < 1000; i++) {
      pacer.awaitTurn(i);
    }
    assertThat(clockReads.get()).isZero();
  }

  @Test
  void aLiveRecordWaitsForItsSendTimeOnTheWallClockNotForTheRate() {
    AtomicLong nanoReads = new AtomicLong();
    SimulatedWallClock wall = new SimulatedWallClock(1_000);
    Pacer pacer = new Pacer(0.001, nanoReads::incrementAndGet, wall);
    GeneratedRecord record =
        new GeneratedRecord(null, new byte[0], OptionalInt.empty(), RecordKind.VALID, null, null);

    pacer.awaitTurn(0, record.sentAt(5_000));
    pacer.awaitTurn(1, record.sentAt(4_000));
    pacer.awaitTurn(2, record.sentAt(7_500));

    assertThat(wall.millis()).isEqualTo(7_500);
    assertThat(nanoReads.get()).as("the rate's clock").isZero();
  }

  @Test
  void progressLinesComeEveryIntervalWithCountRateAndEta() {
    AtomicLong now = new AtomicLong(0);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    ProgressReporter reporter =
        new ProgressReporter(out, Duration.ofSeconds(2), OptionalLong.of(1000), now::get);

    now.set(1_000_000_000L);
    reporter.maybeReport(100, 90);
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEmpty();

    now.set(2_000_000_000L);
    reporter.maybeReport(200, 150);
    String line = bytes.toString(StandardCharsets.UTF_8).strip();
    assertThat(line)
        .isEqualTo(
            "generator: 200/1000 (20.0%) records sent, 150 acknowledged, 100 records/s, ETA 8s");

    now.set(3_000_000_000L);
    reporter.maybeReport(300, 300);
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).hasSize(1);
  }
}
