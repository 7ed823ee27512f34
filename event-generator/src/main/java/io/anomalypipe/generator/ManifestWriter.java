package io.anomalypipe.generator;

import io.anomalypipe.common.schema.EventFields;
import java.nio.file.Path;

/**
 * The manifest ({@code generator.manifest-path}): one JSON line per acknowledged record, e.g.
 * {@code
 * {"kind":"DUPLICATE","subkind":"OTHER_PARTITION","event_id":"…","partition":2,"offset":1234}}
 * ({@code subkind} and {@code event_id} may be null). Lines come in acknowledgement order.
 */
final class ManifestWriter implements AutoCloseable {

  static final String KIND = "kind";
  static final String SUBKIND = "subkind";
  static final String PARTITION = "partition";
  static final String OFFSET = "offset";

  private final JsonLinesWriter file;

  ManifestWriter(Path path) {
    this.file = new JsonLinesWriter(path);
  }

  void write(SentRecord sent) {
    file.writeLine(
        json -> {
          json.writeStringField(KIND, sent.kind().name());
          json.writeStringField(SUBKIND, sent.subkind());
          json.writeStringField(EventFields.EVENT_ID, sent.eventId());
          json.writeNumberField(PARTITION, sent.partition());
          json.writeNumberField(OFFSET, sent.offset());
        });
  }

  @Override
  public void close() {
    file.close();
  }
}
