package io.anomalypipe.generator;

import io.anomalypipe.common.schema.EventFields;
import java.nio.file.Path;

/**
 * The ground truth ({@code generator.ground-truth-path}): one JSON line per acknowledged ANOMALY
 * record, {@code {"event_id":"…","kind":"BOT_BURST"}}. Duplicates of an anomalous event are not
 * listed again: the label belongs to the event, not to each copy.
 */
final class GroundTruthWriter implements AutoCloseable {

  static final String KIND = "kind";

  private final JsonLinesWriter file;

  GroundTruthWriter(Path path) {
    this.file = new JsonLinesWriter(path);
  }

  void write(SentRecord anomaly) {
    file.writeLine(
        json -> {
          json.writeStringField(EventFields.EVENT_ID, anomaly.eventId());
          json.writeStringField(KIND, anomaly.subkind());
        });
  }

  @Override
  public void close() {
    file.close();
  }
}
