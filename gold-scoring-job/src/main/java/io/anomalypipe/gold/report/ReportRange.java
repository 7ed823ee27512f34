package io.anomalypipe.gold.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;

import java.sql.Date;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The UTC dates a report covers, both ends inclusive and optional: no ends is the whole history.
 * Each table is cut on its own date or time column (events on their event date, Bronze on its
 * ingest date, job runs on when they started).
 */
public record ReportRange(Optional<LocalDate> from, Optional<LocalDate> to) {

  public static ReportRange all() {
    return new ReportRange(Optional.empty(), Optional.empty());
  }

  public boolean isAll() {
    return from.isEmpty() && to.isEmpty();
  }

  /** The rows whose date column (a date, or a timestamp read as its UTC date) is in range. */
  public Dataset<Row> filter(Dataset<Row> table, String column) {
    return filter(table, col(column));
  }

  /** The rows whose date or time (its UTC date) {@code column} is in range. */
  public Dataset<Row> filter(Dataset<Row> table, Column column) {
    if (isAll()) {
      return table;
    }
    Column date = to_date(column);
    Column inRange = lit(true);
    if (from.isPresent()) {
      inRange = inRange.and(date.geq(lit(Date.valueOf(from.get()))));
    }
    if (to.isPresent()) {
      inRange = inRange.and(date.leq(lit(Date.valueOf(to.get()))));
    }
    return table.where(inRange);
  }

  /** For people: "all data", "2026-12-01 to 2026-12-04", "from 2026-12-01", "up to ...". */
  public String describe() {
    if (isAll()) {
      return "all data";
    }
    if (from.isPresent() && to.isPresent()) {
      return from.get().equals(to.get()) ? from.get().toString() : from.get() + " to " + to.get();
    }
    return from.map(date -> "from " + date).orElseGet(() -> "up to " + to.get());
  }
}
