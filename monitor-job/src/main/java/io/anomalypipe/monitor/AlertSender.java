package io.anomalypipe.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Posts one alert for a monitor run's breached checks to a webhook: a Slack-compatible JSON message
 * (a {@code text} line and one {@code fields} entry per breached check, which Slack's incoming
 * webhooks and most chat and incident tools take). Each attempt has its own connect and answer
 * timeout; a failed attempt (no answer, a 5xx or 429) is retried after a doubling pause, a bounded
 * number of times. The URL is a secret (webhook URLs carry their token): it appears in no message
 * or result.
 */
public final class AlertSender {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI webhook;
  private final Duration timeout;
  private final int attempts;
  private final Duration firstPause;

  /** How a delivery ended: delivered or not, after how many attempts, and why not. */
  public record Delivery(boolean delivered, int attempts, String outcome) {}

  public AlertSender(URI webhook, Duration timeout, int attempts, Duration firstPause) {
    this.webhook = webhook;
    this.timeout = timeout;
    this.attempts = attempts;
    this.firstPause = firstPause;
  }

  /** The alert's JSON: the headline as {@code text}, each breached check as a field. */
  public static byte[] payload(String headline, List<CheckResult> breached) {
    ObjectNode root = JSON.createObjectNode();
    root.put("text", headline);
    ArrayNode attachments = root.putArray("attachments");
    ObjectNode attachment = attachments.addObject();
    attachment.put("color", "danger");
    attachment.put("fallback", headline);
    ArrayNode fields = attachment.putArray("fields");
    for (CheckResult check : breached) {
      ObjectNode field = fields.addObject();
      field.put("title", check.check() + " (" + check.layer() + ")");
      field.put(
          "value",
          String.format(
              Locale.ROOT,
              "%s > %s",
              check.value() == null ? "n/a" : String.format(Locale.ROOT, "%.4g", check.value()),
              check.threshold() == null
                  ? "n/a"
                  : String.format(Locale.ROOT, "%.4g", check.threshold())));
      field.put("short", true);
    }
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Posts {@code body}; never throws, never waits longer than attempts × (timeout + pause). */
  public Delivery send(byte[] body) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
    String last = "not attempted";
    Duration pause = firstPause;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      try {
        HttpResponse<Void> response =
            client.send(
                HttpRequest.newBuilder(webhook)
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          return new Delivery(true, attempt, "HTTP " + status);
        }
        last = "HTTP " + status;
        if (status < 500 && status != 429) {
          return new Delivery(false, attempt, last + " (not retried)");
        }
      } catch (IOException e) {
        // the exception's text can name the host, never the path holding the token
        last = e.getClass().getSimpleName();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Delivery(false, attempt, "interrupted");
      }
      if (attempt < attempts) {
        try {
          Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return new Delivery(false, attempt, "interrupted");
        }
        pause = pause.multipliedBy(2);
      }
    }
    return new Delivery(false, attempts, last);
  }
}
