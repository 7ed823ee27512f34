package io.anomalypipe.generator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A file of JSON objects, one per line; safe to write from several threads. */
final class JsonLinesWriter implements AutoCloseable {

  /** Writes the fields of one object. */
  @FunctionalInterface
  interface Fields {
    void write(JsonGenerator json) throws IOException;
  }

  private final Path path;
  private final JsonGenerator json;

  /** Creates (or truncates) the file, and its parent folders. */
  JsonLinesWriter(Path path) {
    this.path = path;
    try {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      JsonFactory factory = new JsonFactory();
      factory.setRootValueSeparator(null);
      json =
          factory.createGenerator(new BufferedOutputStream(Files.newOutputStream(path), 1 << 16));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + path, e);
    }
  }

  synchronized void writeLine(Fields fields) {
    try {
      json.writeStartObject();
      fields.write(json);
      json.writeEndObject();
      json.writeRaw('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write to " + path, e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      json.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close " + path, e);
    }
  }
}
