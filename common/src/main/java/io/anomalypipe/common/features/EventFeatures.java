package io.anomalypipe.common.features;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.rint;
import static org.apache.spark.sql.functions.signum;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.anomalypipe.common.schema.CountryUtcOffsets;
import io.anomalypipe.common.schema.EventFields;
import io.anomalypipe.common.schema.SilverTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The model's input: numeric features of a Silver event, defined once here for the training job and
 * for Gold scoring, so a model scores the very features it was trained on. {@link #FEATURES} is the
 * one place each feature is documented; the constants below give its column name.
 *
 * <p>Why these features. An event's raw value alone cannot tell the generator's anomalies (and real
 * ones like them) from normal traffic, so the features look at the event in the context of its user
 * and session:
 *
 * <ul>
 *   <li>bot bursts (a dozen or more events a fraction of a second apart): the seconds since the
 *       user's previous event, the user's events in the last minute, and sub-second dwell values;
 *   <li>extreme values (tens of times what the user usually spends or dwells): the value against
 *       the user's own recent values of the same kind (money or dwell time);
 *   <li>activity at the user's night: the local time of day, from the event's country;
 *   <li>funnel breaks (a purchase opening a session): the event type and the session's earlier
 *       events.
 * </ul>
 *
 * <p><b>History and batch boundaries.</b> A feature only ever looks back, at most {@link #LOOKBACK}
 * before the event: the features of an event depend only on the user's events in [t − LOOKBACK, t].
 * So a batch whose earliest event is at t0 gets exactly the features a run over all of Silver would
 * give it when the input holds every Silver event of [t0 − LOOKBACK, batch end] ({@link
 * FeatureWindow#withLookback()}, {@link #forWindow}). An event that arrives late, with an event
 * time inside an already-scored span, changes the history of the events after it; those keep the
 * features they were scored with.
 *
 * <p><b>Determinism.</b> The order within a user is event time, then {@code event_id}. Frames
 * defined by time ranges hold the same set of events whatever order the rows arrive in, and the
 * only floating-point sum (the user's usual value) is taken over values rounded to a grid of
 * 2<sup>−20</sup>, in exact 64-bit integer arithmetic; so the same Silver rows give the same
 * feature values bit for bit, however Spark partitions and orders them.
 */
public final class EventFeatures {

  /** {@code signum(v)·ln(1 + |v|)} of the event's value. */
  public static final String LOG_VALUE = "feature_log_value";

  /** The log value minus the mean log value of the user's recent values of the same kind. */
  public static final String VALUE_VS_USER_USUAL = "feature_value_vs_user_usual";

  /** ln(1 + seconds since the user's previous event), capped. */
  public static final String LOG_SECONDS_SINCE_PREVIOUS = "feature_log_seconds_since_previous";

  /** The user's events in the last {@link #RATE_WINDOW}, this one included. */
  public static final String USER_EVENTS_LAST_MINUTE = "feature_user_events_last_minute";

  /** Local time of day in hours, counted from {@link #LOCAL_DAY_START_HOUR}:00. */
  public static final String LOCAL_HOURS_SINCE_DAY_START = "feature_local_hours_since_5am";

  /** Position of the event type in {@link EventFields#EVENT_TYPES}. */
  public static final String EVENT_TYPE = "feature_event_type";

  /** ln(1 + events of the same session before this one). */
  public static final String LOG_SESSION_EVENTS_BEFORE = "feature_log_session_events_before";

  /** Span of {@link #USER_EVENTS_LAST_MINUTE}. */
  public static final Duration RATE_WINDOW = Duration.ofMinutes(1);

  /**
   * How far back the user's usual value, the previous event and the session's earlier events are
   * looked for. A day covers a user's daily rhythm and any session; a user's previous event more
   * than a day back counts as "a day ago".
   */
  public static final Duration HISTORY = Duration.ofDays(1);

  /**
   * How much Silver history before a batch's first event the features need: the longest span any
   * feature looks back over, {@link #HISTORY} (one day). With it, features of a batch equal those
   * computed over all of Silver.
   */
  public static final Duration LOOKBACK = longest(RATE_WINDOW, HISTORY);

  /**
   * Local hour at which {@link #LOCAL_HOURS_SINCE_DAY_START} starts counting. The linear scale of
   * the time of day has to be cut somewhere; cutting it where online activity is lowest puts the
   * quiet small hours at the top end of the scale, where an isolation tree separates rare values
   * with few splits, instead of splitting them between both ends at midnight.
   */
  public static final int LOCAL_DAY_START_HOUR = 5;

  /** Seconds since the previous event given to a user's first event, and the cap of the rest. */
  public static final double NO_PREVIOUS_EVENT_SECONDS = HISTORY.toSeconds();

  /** Every feature, in the fixed order of model input columns. */
  public static final List<FeatureDefinition> FEATURES =
      List.of(
          FeatureDefinition.ofDouble(
              LOG_VALUE,
              "signum(value)·ln(1 + |value|): the event's value (dwell seconds for page_view,"
                  + " search, click; money for cart, checkout and purchase events) on a log scale"),
          FeatureDefinition.ofDouble(
              VALUE_VS_USER_USUAL,
              "feature_log_value minus the mean feature_log_value of the user's events of the same"
                  + " value kind (money or dwell time) in the previous 24 h, so ln of the value"
                  + " against the user's usual (geometric mean); 0 when there are none"),
          FeatureDefinition.ofDouble(
              LOG_SECONDS_SINCE_PREVIOUS,
              "ln(1 + seconds since the user's previous event in any session, capped at 86400);"
                  + " a user's first event in 24 h gets ln(1 + 86400); 0 for the same millisecond"),
          FeatureDefinition.ofDouble(
              USER_EVENTS_LAST_MINUTE,
              "number of the user's events with an event time in the 60 s up to and including"
                  + " this event's, this event included (>= 1)"),
          FeatureDefinition.ofDouble(
              LOCAL_HOURS_SINCE_DAY_START,
              "local time of day in hours since 05:00, in [0, 24): 03:30 local is 22.5; local"
                  + " time is UTC plus the country's offset in CountryUtcOffsets (UTC if unknown)"),
          FeatureDefinition.ofDouble(
              EVENT_TYPE,
              "index of event_type in the funnel order page_view=0, search, click, add_to_cart,"
                  + " remove_from_cart, checkout, purchase=6; -1 if unknown"),
          FeatureDefinition.ofDouble(
              LOG_SESSION_EVENTS_BEFORE,
              "ln(1 + number of events of the same session (user_id, session_id) in the previous"
                  + " 24 h, strictly before this event's time): 0 for the event opening a session"));

  /** The Silver columns the features are computed from. */
  static final Map<String, DataType> REQUIRED_COLUMNS =
      Map.of(
          SilverTable.EVENT_ID, DataTypes.StringType,
          SilverTable.USER_ID, DataTypes.StringType,
          SilverTable.SESSION_ID, DataTypes.StringType,
          SilverTable.EVENT_TYPE, DataTypes.StringType,
          SilverTable.EVENT_TIME_MILLIS, DataTypes.LongType,
          SilverTable.VALUE, DataTypes.DoubleType,
          SilverTable.COUNTRY, DataTypes.StringType);

  /** Log values are summed as integer multiples of 2^-20: exact and order-independent. */
  private static final double LOG_VALUE_GRID = 1 << 20;

  private static final long MILLIS_PER_HOUR = 3_600_000L;
  private static final long MILLIS_PER_DAY = 24 * MILLIS_PER_HOUR;

  private static final List<String> NAMES = FEATURES.stream().map(FeatureDefinition::name).toList();

  private EventFeatures() {}

  /** The feature column names, in model input order. */
  public static List<String> names() {
    return NAMES;
  }

  /**
   * Appends one double column per feature ({@link #FEATURES}, in order) to Silver events. Needs the
   * Silver columns {@code event_id, user_id, session_id, event_type, event_time_millis, value,
   * country}; other columns pass through. The features of an event are computed from the events of
   * the input, so the input must hold the user's events of the {@link #LOOKBACK} before each event
   * whose features are to be exact (see {@link #forWindow}).
   *
   * @throws IllegalArgumentException when a needed column is missing or has another type, or a
   *     feature column is already there
   */
  public static Dataset<Row> withFeatures(Dataset<Row> silverEvents) {
    requireInputColumns(silverEvents.schema());
    Column millis = col(SilverTable.EVENT_TIME_MILLIS);
    Column value = col(SilverTable.VALUE);
    Column user = col(SilverTable.USER_ID);

    WindowSpec userInOrder = Window.partitionBy(user).orderBy(millis, col(SilverTable.EVENT_ID));
    WindowSpec userLastMinute =
        Window.partitionBy(user).orderBy(millis).rangeBetween(-RATE_WINDOW.toMillis(), 0);
    // "The previous day" (HISTORY, strictly before the event) as the difference of two running
    // totals: up to 1 ms before the event, minus up to 1 ms before the day starts. Spark updates a
    // frame that starts at unbounded preceding row by row, but recomputes a sliding frame's
    // aggregate over the whole frame for every row (rows x frame size: a day of a busy user is
    // thousands of rows). The totals are longs (log values on a 2^-20 grid, counts), so the
    // difference equals the sliding sum exactly.
    WindowSpec userBefore =
        Window.partitionBy(user).orderBy(millis).rangeBetween(Window.unboundedPreceding(), -1);
    WindowSpec userBeforeHistory =
        Window.partitionBy(user)
            .orderBy(millis)
            .rangeBetween(Window.unboundedPreceding(), -HISTORY.toMillis() - 1);
    WindowSpec sessionBefore =
        Window.partitionBy(user, col(SilverTable.SESSION_ID))
            .orderBy(millis)
            .rangeBetween(Window.unboundedPreceding(), -1);
    WindowSpec sessionBeforeHistory =
        Window.partitionBy(user, col(SilverTable.SESSION_ID))
            .orderBy(millis)
            .rangeBetween(Window.unboundedPreceding(), -HISTORY.toMillis() - 1);

    Column logValue = signum(value).multiply(log1p(abs(value)));
    Column logValueOnGrid = rint(logValue.multiply(LOG_VALUE_GRID)).cast(DataTypes.LongType);
    Column money = col(SilverTable.EVENT_TYPE).isin(EventFields.MONEY_VALUED_EVENT_TYPES.toArray());
    Column sameKindSum =
        when(money, inHistory(sum(when(money, logValueOnGrid)), userBefore, userBeforeHistory))
            .otherwise(
                inHistory(sum(when(not(money), logValueOnGrid)), userBefore, userBeforeHistory));
    Column sameKindCount =
        when(money, inHistory(count(when(money, lit(1))), userBefore, userBeforeHistory))
            .otherwise(inHistory(count(when(not(money), lit(1))), userBefore, userBeforeHistory));
    Column valueVsUsual =
        when(
                sameKindCount.gt(0),
                logValue.minus(
                    sameKindSum
                        .cast(DataTypes.DoubleType)
                        .divide(sameKindCount)
                        .divide(LOG_VALUE_GRID)))
            .otherwise(lit(0.0));

    Column previousMillis = lag(millis, 1).over(userInOrder);
    Column secondsSincePrevious =
        coalesce(
            least(
                millis.minus(previousMillis).cast(DataTypes.DoubleType).divide(1000.0),
                lit(NO_PREVIOUS_EVENT_SECONDS)),
            lit(NO_PREVIOUS_EVENT_SECONDS));

    List<Column> columns = new ArrayList<>();
    columns.add(col("*"));
    columns.add(logValue.as(LOG_VALUE));
    columns.add(valueVsUsual.as(VALUE_VS_USER_USUAL));
    columns.add(log1p(secondsSincePrevious).as(LOG_SECONDS_SINCE_PREVIOUS));
    columns.add(
        count(lit(1)).over(userLastMinute).cast(DataTypes.DoubleType).as(USER_EVENTS_LAST_MINUTE));
    columns.add(
        localHoursSinceDayStart(millis, col(SilverTable.COUNTRY)).as(LOCAL_HOURS_SINCE_DAY_START));
    columns.add(eventTypeIndex(col(SilverTable.EVENT_TYPE)).as(EVENT_TYPE));
    columns.add(
        log1p(
                inHistory(count(lit(1)), sessionBefore, sessionBeforeHistory)
                    .cast(DataTypes.DoubleType))
            .as(LOG_SESSION_EVENTS_BEFORE));
    Dataset<Row> withFeatures = silverEvents.select(columns.toArray(Column[]::new));
    for (String name : NAMES) {
      withFeatures = withFeatures.withColumn(name, col(name).cast(DataTypes.DoubleType));
    }
    return withFeatures;
  }

  /**
   * {@code aggregate} (a sum or count of longs) over the events of the history before each event:
   * its running total up to {@code before} minus its running total up to {@code beforeHistory}. An
   * empty frame's sum is null, counted here as 0.
   */
  private static Column inHistory(Column aggregate, WindowSpec before, WindowSpec beforeHistory) {
    return coalesce(aggregate.over(before), lit(0L))
        .minus(coalesce(aggregate.over(beforeHistory), lit(0L)));
  }

  /**
   * The Silver events of {@code window} with their features, computed from the Silver events of the
   * window and of the {@link #LOOKBACK} before it: the same values a computation over all of Silver
   * would give them. Pure: filters then {@link #withFeatures}.
   *
   * @param silverTable all of {@code silver_events} (or any superset of the lookback and window)
   */
  public static Dataset<Row> forWindow(Dataset<Row> silverTable, FeatureWindow window) {
    return withFeatures(window.withLookback().select(silverTable)).where(window.contains());
  }

  /**
   * The feature values of a row of {@link #withFeatures}, in model input order. Looks the columns
   * up by name on every call; per-partition loops should take {@link #columnIndices} once and use
   * {@link #copyInto}.
   */
  public static double[] vector(Row row) {
    double[] features = new double[NAMES.size()];
    for (int i = 0; i < features.length; i++) {
      features[i] = row.getDouble(row.fieldIndex(NAMES.get(i)));
    }
    return features;
  }

  /**
   * Where each feature sits in rows of {@code schema}, in model input order.
   *
   * @throws IllegalArgumentException naming the features missing from the schema or not double
   */
  public static int[] columnIndices(StructType schema) {
    List<String> problems = new ArrayList<>();
    int[] indices = new int[NAMES.size()];
    for (int i = 0; i < indices.length; i++) {
      String name = NAMES.get(i);
      int index = indexOf(schema, name);
      if (index < 0) {
        problems.add(name + " is missing");
      } else if (!schema.fields()[index].dataType().equals(DataTypes.DoubleType)) {
        problems.add(name + " is " + schema.fields()[index].dataType().simpleString());
      }
      indices[i] = index;
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "rows lack the feature columns as doubles: "
              + String.join(", ", problems)
              + " (schema: "
              + schema.simpleString()
              + ")");
    }
    return indices;
  }

  /**
   * Copies the features of {@code row} (at {@code columnIndices}, from {@link #columnIndices}) into
   * {@code out[offset .. offset + featureCount)}: one row of a row-major block.
   */
  public static void copyInto(Row row, int[] columnIndices, double[] out, int offset) {
    for (int i = 0; i < columnIndices.length; i++) {
      out[offset + i] = row.getDouble(columnIndices[i]);
    }
  }

  /** Hours since {@link #LOCAL_DAY_START_HOUR}:00 local time, in [0, 24). */
  static Column localHoursSinceDayStart(Column epochMillis, Column country) {
    List<Column> entries = new ArrayList<>();
    CountryUtcOffsets.MINUTES.forEach(
        (code, minutes) -> {
          entries.add(lit(code));
          entries.add(lit(minutes));
        });
    Column offsetMinutes =
        coalesce(
            element_at(map(entries.toArray(Column[]::new)), country),
            lit(CountryUtcOffsets.UNKNOWN_COUNTRY_MINUTES));
    Column shifted =
        epochMillis
            .plus(offsetMinutes.cast(DataTypes.LongType).multiply(60_000L))
            .minus(LOCAL_DAY_START_HOUR * MILLIS_PER_HOUR);
    return pmod(shifted, lit(MILLIS_PER_DAY))
        .cast(DataTypes.DoubleType)
        .divide((double) MILLIS_PER_HOUR);
  }

  /** 0-based position in {@link EventFields#EVENT_TYPES}; -1 for an unknown or null type. */
  static Column eventTypeIndex(Column eventType) {
    Column types = array(EventFields.EVENT_TYPES.stream().map(t -> lit(t)).toArray(Column[]::new));
    return coalesce(array_position(types, eventType).minus(1), lit(-1L)).cast(DataTypes.DoubleType);
  }

  private static void requireInputColumns(StructType schema) {
    List<String> problems = new ArrayList<>();
    REQUIRED_COLUMNS.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            required -> {
              int index = indexOf(schema, required.getKey());
              if (index < 0) {
                problems.add(required.getKey() + " is missing");
              } else {
                DataType actual = schema.fields()[index].dataType();
                if (!actual.equals(required.getValue())) {
                  problems.add(
                      required.getKey()
                          + " is "
                          + actual.simpleString()
                          + ", expected "
                          + required.getValue().simpleString());
                }
              }
            });
    for (String name : NAMES) {
      if (indexOf(schema, name) >= 0) {
        problems.add(name + " is already there");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "cannot compute event features: "
              + String.join(", ", problems)
              + " (input schema: "
              + schema.simpleString()
              + ")");
    }
  }

  private static int indexOf(StructType schema, String name) {
    StructField[] fields = schema.fields();
    for (int i = 0; i < fields.length; i++) {
      if (fields[i].name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static Duration longest(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
