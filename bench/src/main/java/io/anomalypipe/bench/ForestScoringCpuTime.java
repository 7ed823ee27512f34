package io.anomalypipe.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The scorers of {@link ForestScoringBenchmark} timed in thread CPU time instead of wall-clock
 * time: on a machine shared with other work a thread is descheduled for part of a wall-clock
 * second, so CPU time says better what one core does. Prints one JSON line of rows per CPU-second
 * per pass, for the script's report beside scikit-learn's {@code time.process_time()}.
 *
 * <pre>
 * java -cp ... io.anomalypipe.bench.ForestScoringCpuTime .run/bench/forest-matrix [passes]
 * </pre>
 */
public final class ForestScoringCpuTime {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** Smile scores 1/8 of the matrix per pass: a whole pass would take minutes. */
  private static final int SMILE_ROWS = ForestScoringBenchmark.ROWS / 8;

  private ForestScoringCpuTime() {}

  public static void main(String[] args) throws Exception {
    int passes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    ScoringFixture fixture = ScoringFixture.load(Path.of(args[0]), ForestScoringBenchmark.ROWS);
    double[] scores = new double[fixture.rows];
    List<Long> block = new ArrayList<>();
    List<Long> rowByRow = new ArrayList<>();
    List<Long> smile = new ArrayList<>();
    double sink = 0;
    // The first passes warm the JIT up and are not reported.
    for (int pass = -2; pass < passes; pass++) {
      long started = THREADS.getCurrentThreadCpuTime();
      fixture.compiled.scoreBlock(fixture.rowMajor, fixture.rows, scores);
      long blockNanos = THREADS.getCurrentThreadCpuTime() - started;
      sink += scores[pass + 2];

      started = THREADS.getCurrentThreadCpuTime();
      for (int r = 0; r < fixture.rows; r++) {
        sink += fixture.compiled.score(fixture.rowMajor, r * fixture.featureCount);
      }
      long rowNanos = THREADS.getCurrentThreadCpuTime() - started;

      started = THREADS.getCurrentThreadCpuTime();
      for (int r = 0; r < SMILE_ROWS; r++) {
        sink += fixture.smile.score(fixture.rowArrays[r]);
      }
      long smileNanos = THREADS.getCurrentThreadCpuTime() - started;
      if (pass >= 0) {
        block.add(blockNanos);
        rowByRow.add(rowNanos);
        smile.add(smileNanos);
      }
    }
    System.out.println(
        String.format(
            Locale.ROOT,
            "{\"cpu_rows_per_s\": {\"compiledScoreBlock\": %s, \"compiledScoreRowByRow\": %s,"
                + " \"smileScoreRowByRow\": %s}, \"sink\": %.3f}",
            rates(block, fixture.rows),
            rates(rowByRow, fixture.rows),
            rates(smile, SMILE_ROWS),
            sink));
  }

  private static String rates(List<Long> nanos, int rows) {
    return nanos.stream().map(n -> Long.toString(Math.round(rows / (n / 1e9)))).toList().toString();
  }
}
