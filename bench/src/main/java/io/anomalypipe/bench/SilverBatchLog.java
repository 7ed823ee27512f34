package io.anomalypipe.bench;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.anomalypipe.silver.SilverBatchWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * The key/values of the line {@link SilverBatchWriter} logs per micro-batch (its step times:
 * tally_ms, quarantine_ms, merge_ms, audit_ms, and its counts), captured in this JVM so that the
 * benchmark can show where a batch's time goes.
 */
final class SilverBatchLog implements AutoCloseable {

  private final Logger logger = (Logger) LoggerFactory.getLogger(SilverBatchWriter.class);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  SilverBatchLog() {
    appender.start();
    logger.addAppender(appender);
  }

  /** The key/values of the batches logged since the last call, oldest first. */
  synchronized List<Map<String, String>> drain() {
    List<Map<String, String>> batches =
        appender.list.stream()
            .filter(event -> event.getKeyValuePairs() != null)
            .map(SilverBatchLog::keyValues)
            .toList();
    appender.list.clear();
    return batches;
  }

  private static Map<String, String> keyValues(ILoggingEvent event) {
    Map<String, String> values = new LinkedHashMap<>();
    for (KeyValuePair pair : event.getKeyValuePairs()) {
      values.put(pair.key, String.valueOf(pair.value));
    }
    return values;
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
  }
}
