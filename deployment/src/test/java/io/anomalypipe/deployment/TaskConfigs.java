package io.anomalypipe.deployment;

import io.anomalypipe.bronze.BronzeConfig;
import io.anomalypipe.bronze.BronzeJob;
import io.anomalypipe.common.config.CommandLine;
import io.anomalypipe.common.config.ConfigReader;
import io.anomalypipe.common.config.PipelineConfigLoader;
import io.anomalypipe.gold.scoring.GoldConfig;
import io.anomalypipe.gold.scoring.GoldScoringJob;
import io.anomalypipe.gold.training.TrainingConfig;
import io.anomalypipe.gold.training.TrainingJob;
import io.anomalypipe.monitor.MonitorConfig;
import io.anomalypipe.monitor.MonitorJob;
import io.anomalypipe.silver.SilverConfig;
import io.anomalypipe.silver.SilverJob;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * For each main class a task can run: the config parser its {@code main} hands to {@code
 * JobLauncher}, and what the parsed config reads from the environment when the job starts (the
 * Kafka credentials, the MLflow workspace URL and token). Nothing connects anywhere: the secrets
 * are stand-ins and only their presence is checked.
 */
final class TaskConfigs {

  /** A job's config parser and its reads of the environment. */
  record JobConfig<C>(Function<ConfigReader, C> parse, BiConsumer<C, UnaryOperator<String>> reads) {
    /** Parses and validates as the job does at start-up, then reads the environment. */
    C check(List<String> args, UnaryOperator<String> environment) {
      C config =
          parse.apply(
              ConfigReader.of(
                  PipelineConfigLoader.load(CommandLine.parse(args.toArray(String[]::new)))));
      reads.accept(config, environment);
      return config;
    }
  }

  static final Map<String, JobConfig<?>> BY_MAIN_CLASS =
      Map.of(
          BronzeJob.class.getName(),
          new JobConfig<>(
              BronzeConfig::fromConfig, (config, env) -> config.kafka().clientProperties(env)),
          SilverJob.class.getName(),
          new JobConfig<>(SilverConfig::fromConfig, (config, env) -> {}),
          TrainingJob.class.getName(),
          new JobConfig<>(
              TrainingConfig::fromConfig, (config, env) -> config.mlflow().endpoint(env)),
          GoldScoringJob.class.getName(),
          new JobConfig<>(GoldConfig::fromConfig, (config, env) -> config.mlflow().endpoint(env)),
          MonitorJob.class.getName(),
          new JobConfig<>(
              MonitorConfig::fromConfig,
              (config, env) -> {
                config.kafka().clientProperties(env);
                config.mlflow().endpoint(env);
              }));

  /** What a secret resolves to here; a URL, so it also passes for the workspace URL. */
  static final String STAND_IN = "https://stand-in.cloud.databricks.com";

  private TaskConfigs() {}

  /** An environment that sets exactly the given variables, each to {@link #STAND_IN}. */
  static UnaryOperator<String> standIn(Map<String, String> variables) {
    return name -> variables.containsKey(name) ? STAND_IN : null;
  }

  /**
   * Runs the task's parameters through its job's config validation, with the cluster's environment
   * variables as stand-ins; {@code local} maps the task's parameters to this checkout (the path of
   * {@code --config}). Returns the parsed config.
   */
  static Object check(TaskRun task, UnaryOperator<List<String>> local) {
    JobConfig<?> job = BY_MAIN_CLASS.get(task.mainClass());
    if (job == null) {
      throw new AssertionError(
          "task "
              + task.taskKey()
              + ": no config parser known for "
              + task.mainClass()
              + " (add it to TaskConfigs.BY_MAIN_CLASS)");
    }
    return job.check(local.apply(task.parameters()), standIn(task.environment()));
  }
}
