package io.anomalypipe.gold.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The event generator's ground truth: which event ids are labelled anomalies, and of which kind.
 * The generator writes one JSON line per labelled event, {@code {"event_id":"…","kind":"…"}}; the
 * demo keeps one file per run, so several files can be merged.
 */
public final class GroundTruthLabels {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> kindByEventId;

  private GroundTruthLabels(Map<String, String> kindByEventId) {
    this.kindByEventId = Map.copyOf(kindByEventId);
  }

  public static GroundTruthLabels of(Map<String, String> kindByEventId) {
    return new GroundTruthLabels(kindByEventId);
  }

  /** Reads and merges the given JSON-lines files; a line that is not a label fails, naming it. */
  public static GroundTruthLabels read(Collection<Path> files) {
    Map<String, String> labels = new HashMap<>();
    for (Path file : files) {
      try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String line;
        int lineNumber = 0;
        while ((line = reader.readLine()) != null) {
          lineNumber++;
          if (line.isBlank()) {
            continue;
          }
          JsonNode node = JSON.readTree(line);
          JsonNode eventId = node == null ? null : node.get("event_id");
          JsonNode kind = node == null ? null : node.get("kind");
          if (eventId == null || !eventId.isTextual() || kind == null || !kind.isTextual()) {
            throw new IllegalArgumentException(
                "ground truth "
                    + file
                    + " line "
                    + lineNumber
                    + " is not {\"event_id\":…,\"kind\":…}: "
                    + line);
          }
          labels.put(eventId.asText(), kind.asText());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read ground truth " + file, e);
      }
    }
    return new GroundTruthLabels(labels);
  }

  public boolean isAnomaly(String eventId) {
    return kindByEventId.containsKey(eventId);
  }

  public Optional<String> kind(String eventId) {
    return Optional.ofNullable(kindByEventId.get(eventId));
  }

  /** The anomaly kinds present, sorted. */
  public TreeSet<String> kinds() {
    return new TreeSet<>(kindByEventId.values());
  }

  /** Every labelled event id with its anomaly kind (an unmodifiable map). */
  public Map<String, String> kindByEventId() {
    return kindByEventId;
  }

  public int size() {
    return kindByEventId.size();
  }
}
