package io.anomalypipe.monitor;

import io.anomalypipe.common.config.ConfigReader;
import io.anomalypipe.common.config.InvalidConfigException;
import io.anomalypipe.common.config.KafkaConnection;
import io.anomalypipe.common.config.SparkSettings;
import io.anomalypipe.common.config.StorageLayout;
import io.anomalypipe.common.mlflow.MlflowSettings;
import java.time.Duration;

/** Everything the monitor reads from configuration, validated once at start-up. */
public record MonitorConfig(
    StorageLayout storage,
    SparkSettings spark,
    KafkaConnection kafka,
    MlflowSettings mlflow,
    Duration window,
    int latencyBatches,
    Duration lateAfter,
    Thresholds thresholds,
    AlertSettings alert,
    boolean gatherAuditHistory) {

  /** The limit of each check (see {@code pipeline.monitor.thresholds}). */
  public record Thresholds(
      Duration freshness,
      long kafkaLag,
      Duration latencyP95,
      double quarantineRate,
      double duplicateRate,
      double lateRate,
      double anomalyRate,
      long reconciliationGap,
      double driftPsiWarn,
      double driftPsi) {}

  /**
   * @param webhookUrlEnv the name of the environment variable holding the URL (a secret)
   */
  public record AlertSettings(String webhookUrlEnv, Duration timeout, int attempts) {}

  public static MonitorConfig fromConfig(ConfigReader pipeline) {
    ConfigReader monitor = pipeline.section("monitor");
    ConfigReader limits = monitor.section("thresholds");
    ConfigReader alert = monitor.section("alert");
    double psiWarn = limits.doubleInRange("drift-psi-warn", 0, 100);
    double psi = limits.doubleInRange("drift-psi", 0, 100);
    if (psiWarn > psi) {
      throw new InvalidConfigException(
          limits.fullKey("drift-psi-warn"), psiWarn, "must be at most drift-psi (" + psi + ")");
    }
    return new MonitorConfig(
        StorageLayout.fromConfig(pipeline),
        SparkSettings.fromConfig(pipeline),
        KafkaConnection.fromConfig(pipeline),
        MlflowSettings.fromConfig(pipeline),
        monitor.positiveDuration("window"),
        monitor.intInRange("latency-batches", 1, 100_000),
        monitor.positiveDuration("late-after"),
        new Thresholds(
            limits.positiveDuration("freshness"),
            limits.longAtLeast("kafka-lag", 0),
            limits.positiveDuration("latency-p95"),
            limits.doubleInRange("quarantine-rate", 0, 1),
            limits.doubleInRange("duplicate-rate", 0, 1),
            limits.doubleInRange("late-rate", 0, 1),
            limits.doubleInRange("anomaly-rate", 0, 1),
            limits.longAtLeast("reconciliation-gap", 0),
            psiWarn,
            psi),
        new AlertSettings(
            alert.nonBlankString("webhook-url-env"),
            alert.positiveDuration("timeout"),
            alert.intInRange("attempts", 1, 10)),
        pipeline.section("observability").bool("audit-history"));
  }
}
