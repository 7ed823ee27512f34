package io.anomalypipe.monitor;

import io.anomalypipe.common.job.JobDescription;
import io.anomalypipe.common.job.JobLauncher;
import io.anomalypipe.common.mlflow.MlflowConnection;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor: checks whether the pipeline is fresh, fast, complete and whether the model still
 * fits the data, from the pipeline's tables, Kafka and MLflow, and records each check in {@code
 * monitor_logs} (value, threshold, OK/WARN/BREACH, details): freshness per layer, Kafka consumer
 * lag per partition, end-to-end latency (p50/p95/max), quarantine (per rule), duplicate, late and
 * anomaly rates, reconciliation gaps between the layers, and drift (the population stability index
 * of each feature and of the score against the training baseline of the model {@code mlflow.alias}
 * points to). When a check is breached it posts one alert to the webhook named by {@code
 * monitor.alert.webhook-url-env} and fails (exit 1; on Databricks it throws). Runs after Gold in
 * the DAG.
 *
 * <pre>
 * bin/monitor                                    # conf/local.conf, through spark-submit
 * bin/monitor --monitor.thresholds.freshness 30m
 * PIPELINE_ALERT_WEBHOOK_URL=https://hooks.slack.com/services/... bin/monitor
 * spark-submit --class io.anomalypipe.monitor.MonitorJob \
 *   monitor-job/target/monitor-job-0.1.0-SNAPSHOT-spark.jar --config conf/local.conf
 * </pre>
 *
 * {@code --help} lists every flag with its default.
 */
public final class MonitorJob {
  private static final Logger LOG = LoggerFactory.getLogger(MonitorJob.class);

  static final JobDescription DESCRIPTION =
      new JobDescription(
          "monitor-job",
          "monitor",
          "Usage: monitor-job [--config FILE] [--<key> VALUE ...]\n"
              + "Checks freshness, lag, latency, rates, reconciliation and drift into monitor_logs;"
              + " alerts and fails on a breach.",
          List.of("monitor", "kafka", "mlflow", "storage", "spark", "observability"));

  private MonitorJob() {}

  /** A monitor run found breached checks: the job fails, after recording and alerting. */
  public static final class BreachException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BreachException(String message) {
      super(message);
    }
  }

  public static void main(String[] args) {
    JobLauncher.launchOnSpark(
        DESCRIPTION,
        args,
        MonitorConfig::fromConfig,
        MonitorConfig::spark,
        (spark, config, runId) -> {
          Optional<MlflowConnection> mlflow = openMlflow(config, spark);
          try {
            MonitorRun.Outcome outcome =
                MonitorRun.run(
                    spark,
                    config,
                    () -> MonitorRun.championBaseline(mlflow, config),
                    System::getenv,
                    runId,
                    Instant.now());
            System.out.println(describe(outcome));
            if (!outcome.breached().isEmpty()) {
              throw new BreachException(
                  outcome.breached().size()
                      + " check(s) breached: "
                      + outcome.breached().stream()
                          .map(CheckResult::check)
                          .collect(Collectors.joining(", ")));
            }
          } finally {
            mlflow.ifPresent(MlflowConnection::close);
          }
        });
  }

  /** MLflow is needed only for the drift baseline: unreachable, drift is recorded as WARN. */
  private static Optional<MlflowConnection> openMlflow(
      MonitorConfig config, org.apache.spark.sql.SparkSession spark) {
    try {
      return Optional.of(
          MlflowConnection.open(
              config.mlflow(), System::getenv, spark.sparkContext().hadoopConfiguration()));
    } catch (RuntimeException e) {
      LOG.atWarn().addKeyValue("error", e.getMessage()).log("MLflow unreachable: no drift checks");
      return Optional.empty();
    }
  }

  static String describe(MonitorRun.Outcome outcome) {
    long ok = outcome.checks().stream().filter(c -> c.status().equals("OK")).count();
    long warn = outcome.checks().stream().filter(c -> c.status().equals("WARN")).count();
    StringBuilder text =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "monitor: %d checks, %d OK, %d WARN, %d BREACH%s",
                outcome.checks().size(),
                ok,
                warn,
                outcome.breached().size(),
                outcome
                    .alert()
                    .map(
                        delivery ->
                            delivery.delivered()
                                ? "; alert posted"
                                : "; alert NOT delivered (" + delivery.outcome() + ")")
                    .orElse("")));
    for (CheckResult check : outcome.checks()) {
      if (!check.status().equals("OK")) {
        text.append(
            String.format(
                Locale.ROOT,
                "%n  %-6s %-40s %s (limit %s)",
                check.status(),
                check.check(),
                check.value() == null ? "n/a" : String.format(Locale.ROOT, "%.4g", check.value()),
                check.threshold() == null
                    ? "n/a"
                    : String.format(Locale.ROOT, "%.4g", check.threshold())));
      }
    }
    return text.toString();
  }
}
