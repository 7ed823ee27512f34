package io.anomalypipe.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.anomalypipe.common.schema.EventFields;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.NoSuchElementException;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Replays a JSON-lines file ({@code generator.input-file}): each non-blank line, as raw bytes
 * (without its line ending), becomes one REPLAYED record, keyed by its {@code user_id} when the
 * line is a JSON object with a string user_id, unkeyed otherwise. Nothing is injected.
 */
public final class ReplaySource implements RecordSource {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final InputStream in;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
  private final byte[] buffer = new byte[1 << 16];
  private int position;
  private int filled;
  private GeneratedRecord next;

  public ReplaySource(Path file) {
    this.file = file;
    try {
      this.in = Files.newInputStream(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open " + file, e);
    }
    advance();
  }

  @Override
  public OptionalLong expectedCount() {
    return OptionalLong.empty();
  }

  @Override
  public boolean hasNext() {
    return next != null;
  }

  @Override
  public GeneratedRecord next() {
    if (next == null) {
      throw new NoSuchElementException("end of " + file);
    }
    GeneratedRecord record = next;
    advance();
    return record;
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close " + file, e);
    }
  }

  private void advance() {
    next = null;
    try {
      while (next == null) {
        byte[] bytes = readLine();
        if (bytes == null) {
          return;
        }
        if (!isBlank(bytes)) {
          next = toRecord(bytes);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  /** The next line without its ending, or null at the end of the file. */
  private byte[] readLine() throws IOException {
    line.reset();
    boolean any = false;
    while (true) {
      if (position == filled) {
        filled = in.read(buffer);
        position = 0;
        if (filled <= 0) {
          filled = 0;
          break;
        }
      }
      any = true;
      int start = position;
      while (position < filled && buffer[position] != '\n') {
        position++;
      }
      line.write(buffer, start, position - start);
      if (position < filled) {
        position++; // the newline
        break;
      }
    }
    if (!any) {
      return null;
    }
    byte[] bytes = line.toByteArray();
    if (bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
      return Arrays.copyOf(bytes, bytes.length - 1);
    }
    return bytes;
  }

  private static boolean isBlank(byte[] bytes) {
    for (byte b : bytes) {
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  private static GeneratedRecord toRecord(byte[] bytes) {
    byte[] key = null;
    String eventId = null;
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node != null && node.isObject()) {
        JsonNode userId = node.get(EventFields.USER_ID);
        if (userId != null && userId.isTextual()) {
          key = userId.textValue().getBytes(StandardCharsets.UTF_8);
        }
        JsonNode id = node.get(EventFields.EVENT_ID);
        if (id != null && id.isTextual()) {
          eventId = id.textValue();
        }
      }
    } catch (IOException e) {
      // not JSON: replayed as it is, without a key
    }
    return new GeneratedRecord(key, bytes, OptionalInt.empty(), RecordKind.REPLAYED, null, eventId);
  }
}
