package io.anomalypipe.silver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anomalypipe.common.schema.EventFields;
import io.anomalypipe.generator.MalformedKind;
import io.anomalypipe.generator.RecordKind;
import io.anomalypipe.generator.SentRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules Silver must report for each kind of malformed record the generator makes, worked out
 * from the kind and, where the kind leaves a choice open, from the record's own bytes.
 */
final class ExpectedRules {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ExpectedRules() {}

  static List<String> of(SentRecord record) {
    if (record.kind() != RecordKind.MALFORMED) {
      throw new IllegalArgumentException("not a malformed record: " + record);
    }
    MalformedKind kind = MalformedKind.valueOf(record.subkind());
    return switch (kind) {
      case EMPTY -> List.of(SilverValidationRules.PAYLOAD_EMPTY);
      case BROKEN_JSON -> List.of(SilverValidationRules.PAYLOAD_NOT_JSON);
      case OVERSIZED -> List.of(SilverValidationRules.PAYLOAD_TOO_LARGE);
      case NON_UTF8 -> List.of(SilverValidationRules.PAYLOAD_NOT_UTF8);
      case MISSING_FIELDS -> List.of(SilverValidationRules.missing(absentField(record)));
      case WRONG_TYPES -> wrongTypes(record);
    };
  }

  /** The one required field the payload lacks. */
  private static String absentField(SentRecord record) {
    JsonNode event = parse(record);
    List<String> absent = EventFields.REQUIRED.stream().filter(field -> !event.has(field)).toList();
    if (absent.size() != 1) {
      throw new IllegalStateException("expected one absent field in " + record + ": " + absent);
    }
    return absent.get(0);
  }

  /** timestamp_not_epoch_millis if the timestamp is text, value_not_numeric if the value is. */
  private static List<String> wrongTypes(SentRecord record) {
    JsonNode event = parse(record);
    List<String> rules = new ArrayList<>();
    if (event.get(EventFields.TIMESTAMP).isTextual()) {
      rules.add(SilverValidationRules.TIMESTAMP_NOT_EPOCH_MILLIS);
    }
    if (event.get(EventFields.VALUE).isTextual()) {
      rules.add(SilverValidationRules.VALUE_NOT_NUMERIC);
    }
    if (rules.isEmpty()) {
      throw new IllegalStateException("WRONG_TYPES record without a text field: " + record);
    }
    return rules;
  }

  static JsonNode parse(SentRecord record) {
    try {
      return JSON.readTree(record.value());
    } catch (IOException e) {
      throw new IllegalStateException("cannot parse " + record, e);
    }
  }
}
