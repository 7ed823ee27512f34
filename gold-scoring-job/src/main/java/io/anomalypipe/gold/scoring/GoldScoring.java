package io.anomalypipe.gold.scoring;

import io.anomalypipe.common.features.EventFeatures;
import io.anomalypipe.common.logging.JobLogContext;
import io.anomalypipe.common.mlflow.MlflowConnection;
import io.anomalypipe.gold.registry.RegisteredForest;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the Gold job, step by step: load the model (once, on the driver, before anything is
 * created), check Silver, create the Gold tables if missing, start the inference run, then either
 * re-score the configured dates or follow Silver's change data feed with a streaming query until it
 * has caught up (availableNow) or is stopped (processingTime), and close the inference run.
 */
public final class GoldScoring {
  private static final Logger LOG = LoggerFactory.getLogger(GoldScoring.class);

  private GoldScoring() {}

  /**
   * Runs the job to its end: a re-score, or the streaming query until it terminates.
   *
   * @throws ModelLoadException when the model cannot be loaded (nothing is written then)
   * @throws StreamingQueryException when the query fails (the inference run is marked FAILED)
   */
  public static ScoringOutcome run(
      SparkSession spark, MlflowConnection mlflow, GoldConfig config, String jobRunId)
      throws StreamingQueryException, TimeoutException {
    RegisteredForest model = loadModel(mlflow, config);
    if (config.rescore()) {
      return rescore(spark, mlflow, config, model, jobRunId);
    }
    return start(spark, mlflow, config, model, jobRunId).awaitTermination();
  }

  /** Loads the model and starts the streaming query (the caller awaits or stops it). */
  public static RunningScoring start(
      SparkSession spark, MlflowConnection mlflow, GoldConfig config, String jobRunId)
      throws TimeoutException {
    if (config.rescore()) {
      throw new IllegalArgumentException("a re-score does not stream: use run()");
    }
    return start(spark, mlflow, config, loadModel(mlflow, config), jobRunId);
  }

  /**
   * The configured model, checked (checksums, flavor, features = {@link EventFeatures#names()}).
   *
   * @throws ModelLoadException naming the URI and the cause
   */
  public static RegisteredForest loadModel(MlflowConnection mlflow, GoldConfig config) {
    String uri = config.modelUri().toString();
    try {
      RegisteredForest model = RegisteredForest.load(mlflow, uri, EventFeatures.names());
      LOG.atInfo()
          .addKeyValue("model_uri", uri)
          .addKeyValue("model_run_id", model.reference().runId())
          .addKeyValue("threshold", model.model().forest().threshold())
          .log("scoring with {}", model.describe());
      return model;
    } catch (RuntimeException e) {
      throw new ModelLoadException(uri, e);
    }
  }

  private static RunningScoring start(
      SparkSession spark,
      MlflowConnection mlflow,
      GoldConfig config,
      RegisteredForest model,
      String jobRunId)
      throws TimeoutException {
    GoldTables.requireSilver(spark, config);
    GoldTables.prepare(spark, config);
    InferenceRun run =
        InferenceRun.start(mlflow, config, model, jobRunId, GoldTableVersions.read(spark, config));
    IsolationForestScorer scorer = new IsolationForestScorer(spark, model.model());
    try {
      DataStreamReader reader = spark.readStream().format("delta").option("readChangeFeed", "true");
      if (config.maxFilesPerTrigger() > 0) {
        reader = reader.option("maxFilesPerTrigger", config.maxFilesPerTrigger());
      }
      Dataset<Row> changes = reader.load(config.silverTablePath());
      GoldBatchWriter writer = new GoldBatchWriter(config, scorer, model, run.runId(), run::record);
      StreamingQuery query =
          changes
              .writeStream()
              .queryName(GoldConfig.QUERY_NAME)
              .option("checkpointLocation", config.checkpointPath())
              .trigger(config.trigger().toTrigger(config.triggerInterval()))
              .foreachBatch(
                  JobLogContext.capture()
                      .around((VoidFunction2<Dataset<Row>, Long>) writer::writeBatch))
              .start();
      return new RunningScoring(spark, config, query, run, scorer);
    } catch (RuntimeException | TimeoutException e) {
      run.failQuietly(e);
      scorer.destroy();
      throw e;
    }
  }

  private static ScoringOutcome rescore(
      SparkSession spark,
      MlflowConnection mlflow,
      GoldConfig config,
      RegisteredForest model,
      String jobRunId) {
    GoldTables.requireSilver(spark, config);
    GoldTables.prepare(spark, config);
    InferenceRun run =
        InferenceRun.start(mlflow, config, model, jobRunId, GoldTableVersions.read(spark, config));
    IsolationForestScorer scorer = new IsolationForestScorer(spark, model.model());
    try {
      run.record(GoldRescore.run(spark, config, scorer, model, run.runId()));
      return run.finish(GoldTableVersions.read(spark, config));
    } catch (RuntimeException e) {
      run.failQuietly(e);
      throw e;
    } finally {
      scorer.destroy();
    }
  }

  /** A started Gold query and its inference run. */
  public static final class RunningScoring {
    private final SparkSession spark;
    private final GoldConfig config;
    private final StreamingQuery query;
    private final InferenceRun run;
    private final IsolationForestScorer scorer;

    RunningScoring(
        SparkSession spark,
        GoldConfig config,
        StreamingQuery query,
        InferenceRun run,
        IsolationForestScorer scorer) {
      this.spark = spark;
      this.config = config;
      this.query = query;
      this.run = run;
      this.scorer = scorer;
    }

    public StreamingQuery query() {
      return query;
    }

    /** The MLflow inference run (the rows' {@code scoring_run_id}). */
    public String inferenceRunId() {
      return run.runId();
    }

    /**
     * Waits for the query to end (availableNow: when it has caught up), then closes the inference
     * run: FINISHED with the summary, or FAILED with the query's error, which is rethrown.
     */
    public ScoringOutcome awaitTermination() throws StreamingQueryException {
      try {
        query.awaitTermination();
      } catch (StreamingQueryException | RuntimeException e) {
        run.failQuietly(e);
        scorer.destroy();
        throw e;
      }
      return finish();
    }

    /** Stops the query (processingTime) and closes the inference run. */
    public ScoringOutcome stop() throws TimeoutException {
      query.stop();
      if (query.exception().isDefined()) {
        run.failQuietly(query.exception().get());
        scorer.destroy();
        throw new IllegalStateException(
            "the Gold query failed: " + query.exception().get().getMessage(),
            query.exception().get());
      }
      return finish();
    }

    private ScoringOutcome finish() {
      try {
        return run.finish(GoldTableVersions.read(spark, config));
      } finally {
        scorer.destroy();
      }
    }
  }
}
