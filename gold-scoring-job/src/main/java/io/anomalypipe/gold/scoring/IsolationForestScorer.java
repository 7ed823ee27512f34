package io.anomalypipe.gold.scoring;

import io.anomalypipe.common.schema.GoldPredictionsTable;
import io.anomalypipe.common.schema.GoldScoredTable;
import io.anomalypipe.gold.model.CompiledForest;
import io.anomalypipe.gold.model.ForestCodec;
import io.anomalypipe.gold.model.ScoringModel;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Scores rows with an Isolation Forest the way a fitted spark.ml model transforms a Dataset: built
 * once on the driver with the model (which it broadcasts once, for every later {@link #transform}),
 * it checks the input schema and appends exactly two columns, {@value #SCORE_COLUMN} (double in (0,
 * 1], higher is more anomalous) and {@value #PREDICTION_COLUMN} (score ≥ the model's threshold).
 * Every other column passes through unchanged.
 *
 * <p>Scoring runs on the executors, in {@code mapPartitions}: each partition's rows are taken
 * {@value #BLOCK_ROWS} at a time, their features copied into one row-major {@code double[]} block,
 * and the block scored by {@link CompiledForest#scoreBlock} (the fast kernel; its scores equal the
 * row-by-row {@link CompiledForest#score}, bit for bit). Nothing is collected to the driver.
 *
 * <p>The broadcast carries the model in its own checked binary format ({@link ForestCodec}), not as
 * Java objects; each executor decodes it once, on first use, and keeps the decoded forest with the
 * broadcast value.
 */
public final class IsolationForestScorer {

  /** The score column appended: the names the Gold tables and the MLflow signature use. */
  public static final String SCORE_COLUMN = GoldScoredTable.ANOMALY_SCORE;

  /** The flag column appended. */
  public static final String PREDICTION_COLUMN = GoldPredictionsTable.IS_ANOMALY;

  /** Rows per scoring block: 1,024 rows of 7 features are 56 KiB, well inside a core's L2. */
  static final int BLOCK_ROWS = 1024;

  private final Broadcast<EncodedForest> broadcast;
  private final List<String> featureNames;
  private final double threshold;

  /**
   * Broadcasts {@code model} through {@code spark}'s context.
   *
   * @throws IllegalArgumentException when the model does not name its features (it would not know
   *     which columns to read)
   */
  public IsolationForestScorer(SparkSession spark, ScoringModel model) {
    if (model.featureNames().isEmpty()) {
      throw new IllegalArgumentException(
          "IsolationForestScorer needs a model that names its feature columns; this one does not");
    }
    this.featureNames = model.featureNames();
    this.threshold = model.forest().threshold();
    this.broadcast =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .broadcast(new EncodedForest(ForestCodec.encode(model)));
  }

  /** The model's input columns, in input order. */
  public List<String> featureNames() {
    return featureNames;
  }

  /** Scores at or above this are flagged. */
  public double threshold() {
    return threshold;
  }

  /**
   * The schema {@link #transform} returns for {@code input}: the input's fields, then {@value
   * #SCORE_COLUMN} and {@value #PREDICTION_COLUMN}.
   *
   * @throws IllegalArgumentException naming every feature column that is missing or not a double,
   *     and either output column if the input has it already
   */
  public StructType transformSchema(StructType input) {
    featureIndices(input);
    return input
        .add(new StructField(SCORE_COLUMN, DataTypes.DoubleType, false, Metadata.empty()))
        .add(new StructField(PREDICTION_COLUMN, DataTypes.BooleanType, false, Metadata.empty()));
  }

  /**
   * {@code input} with {@value #SCORE_COLUMN} and {@value #PREDICTION_COLUMN} appended. Lazy, like
   * any transformation: the rows are scored when the result is computed.
   *
   * @throws IllegalArgumentException when the input schema does not fit (see {@link
   *     #transformSchema})
   */
  public Dataset<Row> transform(Dataset<Row> input) {
    StructType output = transformSchema(input.schema());
    return input.mapPartitions(
        new ScorePartition(
            broadcast,
            featureIndices(input.schema()),
            featureNames.toArray(String[]::new),
            input.schema().size()),
        Encoders.row(output));
  }

  /** Releases the broadcast on the executors (the scorer cannot be used afterwards). */
  public void destroy() {
    broadcast.destroy();
  }

  private int[] featureIndices(StructType schema) {
    List<String> problems = new ArrayList<>();
    int[] indices = new int[featureNames.size()];
    List<String> names = List.of(schema.fieldNames());
    for (int i = 0; i < indices.length; i++) {
      String name = featureNames.get(i);
      indices[i] = names.indexOf(name);
      if (indices[i] < 0) {
        problems.add(name + " is missing");
      } else if (!schema.fields()[indices[i]].dataType().equals(DataTypes.DoubleType)) {
        problems.add(name + " is " + schema.fields()[indices[i]].dataType().simpleString());
      }
    }
    for (String output : List.of(SCORE_COLUMN, PREDICTION_COLUMN)) {
      if (names.contains(output)) {
        problems.add(output + " is already there");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "IsolationForestScorer cannot score this input: "
              + String.join(", ", problems)
              + ". The model reads the double columns "
              + featureNames
              + " and appends "
              + SCORE_COLUMN
              + ", "
              + PREDICTION_COLUMN
              + " (input schema: "
              + schema.simpleString()
              + ")");
    }
    return indices;
  }

  /** The broadcast value: the encoded model, decoded once per executor JVM on first use. */
  static final class EncodedForest implements Serializable {
    private static final long serialVersionUID = 1L;

    private final byte[] encoded;
    private transient volatile CompiledForest forest;

    EncodedForest(byte[] encoded) {
      this.encoded = encoded;
    }

    CompiledForest forest() {
      CompiledForest decoded = forest;
      if (decoded == null) {
        synchronized (this) {
          decoded = forest;
          if (decoded == null) {
            decoded = ForestCodec.decode(encoded).forest();
            forest = decoded;
          }
        }
      }
      return decoded;
    }
  }

  /** The per-partition work: blocks of rows in, the same rows with score and flag out. */
  static final class ScorePartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<EncodedForest> model;
    private final int[] featureIndices;
    private final String[] featureNames;
    private final int inputWidth;

    ScorePartition(
        Broadcast<EncodedForest> model,
        int[] featureIndices,
        String[] featureNames,
        int inputWidth) {
      this.model = model;
      this.featureIndices = featureIndices;
      this.featureNames = featureNames;
      this.inputWidth = inputWidth;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      return new ScoredRows(rows, model.value().forest(), featureIndices, featureNames, inputWidth);
    }
  }

  /** Reads a block of rows, scores it, hands the rows out with their scores, and repeats. */
  static final class ScoredRows implements Iterator<Row> {
    private final Iterator<Row> input;
    private final CompiledForest forest;
    private final int[] featureIndices;
    private final String[] featureNames;
    private final int inputWidth;
    private final Row[] rows = new Row[BLOCK_ROWS];
    private final double[] block;
    private final double[] scores = new double[BLOCK_ROWS];
    private int filled;
    private int next;

    ScoredRows(
        Iterator<Row> input,
        CompiledForest forest,
        int[] featureIndices,
        String[] featureNames,
        int inputWidth) {
      if (featureIndices.length != forest.featureCount()) {
        throw new IllegalStateException(
            "the model has "
                + forest.featureCount()
                + " features but "
                + featureIndices.length
                + " columns were resolved");
      }
      this.input = input;
      this.forest = forest;
      this.featureIndices = featureIndices;
      this.featureNames = featureNames;
      this.inputWidth = inputWidth;
      this.block = new double[BLOCK_ROWS * featureIndices.length];
    }

    @Override
    public boolean hasNext() {
      if (next < filled) {
        return true;
      }
      fillBlock();
      return filled > 0;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Row row = rows[next];
      rows[next] = null;
      double score = scores[next++];
      Object[] values = new Object[inputWidth + 2];
      for (int i = 0; i < inputWidth; i++) {
        values[i] = row.get(i);
      }
      values[inputWidth] = score;
      values[inputWidth + 1] = forest.predict(score);
      return RowFactory.create(values);
    }

    private void fillBlock() {
      filled = 0;
      next = 0;
      int width = featureIndices.length;
      while (filled < BLOCK_ROWS && input.hasNext()) {
        Row row = input.next();
        int offset = filled * width;
        for (int f = 0; f < width; f++) {
          int column = featureIndices[f];
          if (row.isNullAt(column)) {
            throw new IllegalArgumentException(
                "IsolationForestScorer: feature column "
                    + featureNames[f]
                    + " is null in row "
                    + abbreviate(row.mkString("[", ", ", "]"))
                    + "; features must be computed for every row before scoring");
          }
          block[offset + f] = row.getDouble(column);
        }
        rows[filled++] = row;
      }
      if (filled > 0) {
        forest.scoreBlock(block, filled, scores);
      }
    }

    private static String abbreviate(String text) {
      return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
  }
}
