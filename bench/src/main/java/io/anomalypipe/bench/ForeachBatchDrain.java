package io.anomalypipe.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;

/** Runs a benchmark's {@code foreachBatch} query over all its source holds now, to the end. */
final class ForeachBatchDrain {
  private ForeachBatchDrain() {}

  /**
   * Starts {@code stream} with {@code sink} as its {@code foreachBatch} function, the {@code
   * availableNow} trigger and a checkpoint at {@code checkpoint}, and waits until it has written
   * everything.
   */
  static void drain(Dataset<Row> stream, VoidFunction2<Dataset<Row>, Long> sink, Path checkpoint)
      throws TimeoutException, StreamingQueryException {
    stream
        .writeStream()
        .foreachBatch(sink)
        .option("checkpointLocation", checkpoint.toString())
        .trigger(Trigger.AvailableNow())
        .start()
        .awaitTermination();
  }
}
