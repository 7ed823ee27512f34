package io.anomalypipe.silver;

import static io.anomalypipe.silver.PayloadParser.field;
import static io.anomalypipe.silver.PayloadParser.isBlank;
import static io.anomalypipe.silver.PayloadParser.isJsonObject;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.encode;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.octet_length;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;

import io.anomalypipe.common.schema.BronzeTable;
import io.anomalypipe.common.schema.EventFields;
import io.anomalypipe.common.schema.SilverQuarantineTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Every rule a record must pass to enter Silver, declared once, in the order a report lists them.
 *
 * <p>The rules are layered so that a report names the cause, not its consequences: an empty payload
 * is only {@code payload_empty}; a payload that is not one JSON object is only {@code
 * payload_not_json}, not six missing fields; the type of a field is judged only when the field is
 * there; the time and range of a value only when it has the right type. Checks of the bytes (size,
 * UTF-8) stand beside the others: a 100 KiB event that parses is only {@code payload_too_large}, a
 * well-formed event with a bad byte in its page only {@code payload_not_utf8}.
 *
 * <p>Each predicate is written to be true or false for every input. As a safety net a predicate
 * that still evaluates to null counts as broken: a record Silver cannot judge is quarantined, not
 * let through.
 */
public final class SilverValidationRules {

  public static final String PAYLOAD_EMPTY = "payload_empty";
  public static final String PAYLOAD_TOO_LARGE = "payload_too_large";
  public static final String PAYLOAD_NOT_UTF8 = "payload_not_utf8";
  public static final String PAYLOAD_NOT_JSON = "payload_not_json";
  public static final String MISSING_PREFIX = "missing_";
  public static final String TIMESTAMP_NOT_EPOCH_MILLIS = "timestamp_not_epoch_millis";
  public static final String EVENT_TIME_TOO_OLD = "event_time_too_old";
  public static final String EVENT_TIME_IN_FUTURE = "event_time_in_future";
  public static final String UNKNOWN_EVENT_TYPE = "unknown_event_type";
  public static final String VALUE_NOT_NUMERIC = "value_not_numeric";
  public static final String VALUE_OUT_OF_RANGE = "value_out_of_range";

  /** The column {@link #classify} adds: names of the broken rules, empty for a valid record. */
  public static final String FAILED_RULES = SilverQuarantineTable.FAILED_RULES;

  private SilverValidationRules() {}

  /** The rule reported when a required field is absent, e.g. {@code missing_event_id}. */
  public static String missing(String field) {
    return MISSING_PREFIX + field;
  }

  /** The rules, in report order, with the thresholds of {@code limits}. */
  public static List<ValidationRule> rules(ValidationLimits limits) {
    Column payload = col(BronzeTable.PAYLOAD);
    Column empty = payload.isNull().or(octet_length(payload).equalTo(0));
    Column json = isJsonObject();
    Column millis = col(PayloadParser.EVENT_TIME_MILLIS);
    Column reference = col(PayloadParser.REFERENCE_MILLIS);
    Column value = col(PayloadParser.EVENT_VALUE);

    List<ValidationRule> rules = new ArrayList<>();
    rules.add(new ValidationRule(PAYLOAD_EMPTY, "the Kafka record has no payload", empty));
    rules.add(
        new ValidationRule(
            PAYLOAD_TOO_LARGE,
            "the payload is longer than " + limits.maxPayloadBytes() + " bytes",
            payload.isNotNull().and(octet_length(payload).gt(limits.maxPayloadBytes()))));
    rules.add(
        new ValidationRule(
            PAYLOAD_NOT_UTF8,
            "the payload is not valid UTF-8",
            // decoding replaced the invalid bytes with U+FFFD, so re-encoding cannot give them back
            not(empty)
                .and(not(encode(col(PayloadParser.PAYLOAD_TEXT), "UTF-8").eqNullSafe(payload)))));
    rules.add(
        new ValidationRule(
            PAYLOAD_NOT_JSON, "the payload is not one JSON object", not(empty).and(not(json))));
    for (String required : EventFields.REQUIRED) {
      rules.add(
          new ValidationRule(
              missing(required),
              "the required field " + required + " is absent, null or blank",
              json.and(isBlank(field(required)))));
    }
    rules.add(
        new ValidationRule(
            TIMESTAMP_NOT_EPOCH_MILLIS,
            "the timestamp is not an integer number of epoch milliseconds",
            json.and(not(isBlank(field(EventFields.TIMESTAMP)))).and(millis.isNull())));
    rules.add(
        new ValidationRule(
            EVENT_TIME_TOO_OLD,
            "the event time is more than " + limits.maxEventAge() + " before the Kafka timestamp",
            millis.isNotNull().and(millis.lt(reference.minus(limits.maxEventAge().toMillis())))));
    rules.add(
        new ValidationRule(
            EVENT_TIME_IN_FUTURE,
            "the event time is more than " + limits.maxClockSkew() + " after the Kafka timestamp",
            millis.isNotNull().and(millis.gt(reference.plus(limits.maxClockSkew().toMillis())))));
    rules.add(
        new ValidationRule(
            UNKNOWN_EVENT_TYPE,
            "the event type is not one of " + EventFields.EVENT_TYPES,
            json.and(not(isBlank(field(EventFields.EVENT_TYPE))))
                .and(not(field(EventFields.EVENT_TYPE).isin(EventFields.EVENT_TYPES.toArray())))));
    rules.add(
        new ValidationRule(
            VALUE_NOT_NUMERIC,
            "the value is not a number",
            json.and(not(isBlank(field(EventFields.VALUE)))).and(value.isNull())));
    rules.add(
        new ValidationRule(
            VALUE_OUT_OF_RANGE,
            "the value is outside [" + limits.valueMin() + ", " + limits.valueMax() + "]",
            value
                .isNotNull()
                .and(
                    isnan(value).or(value.lt(limits.valueMin())).or(value.gt(limits.valueMax())))));
    return List.copyOf(rules);
  }

  /**
   * The names of {@code rules} whose predicate holds (or is null), in rule order.
   *
   * <p>Each rule contributes a one-name or an empty array, and {@code flatten} joins them. Not
   * {@code array_compact} of names and nulls: it is a lambda function ({@code filter}), which Spark
   * cannot compile, so every rule (and the whole projection around it) would be interpreted row by
   * row.
   */
  public static Column failedRules(List<ValidationRule> rules) {
    Column none = array().cast(DataTypes.createArrayType(DataTypes.StringType));
    Column[] reports =
        rules.stream()
            .map(
                rule ->
                    when(coalesce(rule.broken(), lit(true)), array(lit(rule.name())))
                        .otherwise(none))
            .toArray(Column[]::new);
    return flatten(array(reports));
  }

  /** Parsed Bronze rows plus {@link #FAILED_RULES}. */
  public static Dataset<Row> classify(Dataset<Row> parsed, ValidationLimits limits) {
    return parsed.withColumn(FAILED_RULES, failedRules(rules(limits)));
  }

  /** True for a row of {@link #classify} that broke no rule. */
  public static Column isValid() {
    return size(col(FAILED_RULES)).equalTo(0);
  }
}
