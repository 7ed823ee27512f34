package io.anomalypipe.gold.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * How the report writes numbers, sizes, durations and times: one way everywhere, UTC, no locale.
 */
public final class Format {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Format() {}

  /** {@code 1234567} → {@code 1,234,567}. */
  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A share as a percentage with two decimals: {@code 0.01234} → {@code 1.23%}. */
  public static String percent(double share) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * share);
  }

  /** Up to four significant digits, thousands separated: 1,234.5 / 12.35 / 0.1234. */
  public static String number(double value) {
    if (Double.isNaN(value)) {
      return "–";
    }
    double abs = Math.abs(value);
    String pattern = abs >= 1000 ? "%,.0f" : abs >= 100 ? "%.1f" : abs >= 10 ? "%.2f" : "%.3f";
    return String.format(Locale.ROOT, pattern, value);
  }

  /** An axis label: 1.5k, 20k, 3M; plain below 1,000. */
  public static String compact(double value) {
    double abs = Math.abs(value);
    if (abs >= 1e6) {
      return trim(value / 1e6) + "M";
    }
    if (abs >= 1e3) {
      return trim(value / 1e3) + "k";
    }
    return trim(value);
  }

  private static String trim(double value) {
    String text = String.format(Locale.ROOT, "%.1f", value);
    return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
  }

  /** Milliseconds for people: 850 ms, 12.3 s, 4 min 05 s, 2 h 03 min. */
  public static String millis(long ms) {
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    long seconds = ms / 1000;
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
  }

  /** An age: "just now", 42 s, 5 min, 3 h 12 min, 2 d 4 h; "in the future" when negative. */
  public static String age(Duration age) {
    if (age.isNegative()) {
      return "in the future (" + age(age.negated()) + ")";
    }
    long seconds = age.toSeconds();
    if (seconds < 5) {
      return "just now";
    }
    if (seconds < 60) {
      return seconds + " s";
    }
    if (seconds < 3600) {
      return seconds / 60 + " min";
    }
    if (seconds < 86_400) {
      return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }
    return seconds / 86_400 + " d " + seconds % 86_400 / 3600 + " h";
  }

  /** Bytes in binary units: 512 B, 1.5 KiB, 23.4 MiB, 1.2 GiB. */
  public static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  /** {@code 2026-12-04 16:15:03} (UTC). */
  public static String time(Instant instant) {
    return TIME.format(instant);
  }

  public static String time(Optional<Instant> instant) {
    return instant.map(Format::time).orElse("–");
  }
}
