package io.anomalypipe.common.job;

import io.anomalypipe.common.config.CommandLine;
import io.anomalypipe.common.config.ConfigReader;
import io.anomalypipe.common.config.InvalidConfigException;
import io.anomalypipe.common.config.PipelineConfigLoader;
import io.anomalypipe.common.config.SparkSettings;
import io.anomalypipe.common.logging.LogFields;
import io.anomalypipe.common.logging.StreamingProgressLogger;
import io.anomalypipe.common.observability.JobRun;
import io.anomalypipe.common.observability.ObservabilitySettings;
import io.anomalypipe.common.observability.RunIdentity;
import io.anomalypipe.common.spark.SparkSessions;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The common outer shell of every job's {@code main}: {@code --help}, config loading and
 * validation, the log context (job, layer, run id), and exit codes — 0 done, 1 failed, 2 bad
 * configuration (the message names the key and value; no stack trace).
 *
 * <p>On Databricks a JAR task must not call {@code System.exit}; there failures are rethrown and
 * the platform marks the run failed.
 */
public final class JobLauncher {
  private static final Logger LOG = LoggerFactory.getLogger(JobLauncher.class);

  public static final int EXIT_FAILED = 1;
  public static final int EXIT_BAD_CONFIG = 2;

  /** The part of a job after its configuration is known. */
  @FunctionalInterface
  public interface JobBody<C> {
    void run(C config, String runId) throws Exception;
  }

  /** The part of a Spark job after its configuration is known and its session exists. */
  @FunctionalInterface
  public interface SparkJobBody<C> {
    void run(SparkSession spark, C config, String runId) throws Exception;
  }

  private JobLauncher() {}

  public static <C> void launch(
      JobDescription job, String[] args, Function<ConfigReader, C> parseConfig, JobBody<C> body) {
    launchWithCommandLine(job, args, (commandLine, pipeline) -> parseConfig.apply(pipeline), body);
  }

  private static <C> void launchWithCommandLine(
      JobDescription job,
      String[] args,
      BiFunction<CommandLine, ConfigReader, C> parseConfig,
      JobBody<C> body) {
    String runId = UUID.randomUUID().toString();
    MDC.put(LogFields.JOB, job.name());
    MDC.put(LogFields.LAYER, job.layer());
    MDC.put(LogFields.RUN_ID, runId);
    C config;
    try {
      CommandLine commandLine = CommandLine.parse(args);
      if (commandLine.help()) {
        System.out.println(PipelineConfigLoader.help(job.usage(), job.configSections()));
        return;
      }
      config =
          parseConfig.apply(commandLine, ConfigReader.of(PipelineConfigLoader.load(commandLine)));
    } catch (InvalidConfigException e) {
      System.err.println(job.name() + ": " + e.getMessage());
      LOG.atError().addKeyValue("config_key", e.key()).log(e.getMessage());
      exitOrThrow(EXIT_BAD_CONFIG, e);
      return;
    }
    LOG.atInfo().addKeyValue("config", config.toString()).log("{} starting", job.name());
    try {
      body.run(config, runId);
      LOG.info("{} finished", job.name());
    } catch (Exception e) {
      // the plain line is for a person at a terminal; the JSON line (with the stack) for the logs
      System.err.println(job.name() + " failed: " + e.getMessage());
      LOG.error("{} failed: {}", job.name(), e.getMessage(), e);
      exitOrThrow(EXIT_FAILED, e);
    }
  }

  /**
   * {@link #launch} for a job that runs on Spark: gets the session (see {@link
   * SparkSessions#getOrCreate}) with the settings {@code sparkSettings} takes from the config,
   * registers a {@link StreamingProgressLogger} and the run's metrics ({@link JobRun}, from {@code
   * pipeline.observability}) for the run and removes them when the body ends, so jobs that share
   * one session (Databricks tasks on one cluster, tests) do not pile up listeners.
   */
  public static <C> void launchOnSpark(
      JobDescription job,
      String[] args,
      Function<ConfigReader, C> parseConfig,
      Function<C, SparkSettings> sparkSettings,
      SparkJobBody<C> body) {
    launchWithCommandLine(
        job,
        args,
        (commandLine, pipeline) ->
            new SparkJobConfig<>(
                parseConfig.apply(pipeline),
                ObservabilitySettings.fromConfig(pipeline),
                commandLine.profile().orElse("")),
        (config, runId) -> {
          SparkSession spark =
              SparkSessions.getOrCreate(job.name(), sparkSettings.apply(config.job()));
          try (JobRun metrics =
              JobRun.start(
                  spark,
                  new RunIdentity(job.name(), job.layer(), runId),
                  config.observability(),
                  config.profile())) {
            runOnSpark(spark, config.job(), runId, body);
          }
        });
  }

  /** A Spark job's own config, and what every Spark job reads besides it. */
  private record SparkJobConfig<C>(C job, ObservabilitySettings observability, String profile) {
    @Override
    public String toString() {
      return job + ", " + observability + ", profile " + (profile.isEmpty() ? "none" : profile);
    }
  }

  static <C> void runOnSpark(SparkSession spark, C config, String runId, SparkJobBody<C> body)
      throws Exception {
    StreamingProgressLogger progress = new StreamingProgressLogger();
    spark.streams().addListener(progress);
    try {
      body.run(spark, config, runId);
    } finally {
      spark.streams().removeListener(progress);
    }
  }

  private static void exitOrThrow(int code, Exception cause) {
    if (System.getenv("DATABRICKS_RUNTIME_VERSION") != null) {
      throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
    }
    System.exit(code);
  }
}
