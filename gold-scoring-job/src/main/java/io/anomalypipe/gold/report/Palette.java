package io.anomalypipe.gold.report;

import java.util.List;
import java.util.Map;

/**
 * The report's colours, one palette for every chart and badge (Tableau 10, the colours of the
 * MLflow score histogram too): series in a fixed order, status colours for OK, WARN and BREACH.
 */
public final class Palette {
  public static final String BLUE = "#4e79a7";
  public static final String ORANGE = "#f28e2b";
  public static final String RED = "#e15759";
  public static final String TEAL = "#76b7b2";
  public static final String GREEN = "#59a14f";
  public static final String YELLOW = "#edc948";
  public static final String PURPLE = "#b07aa1";
  public static final String PINK = "#ff9da7";
  public static final String BROWN = "#9c755f";
  public static final String GREY = "#bab0ac";

  /** Grid lines and axes. */
  public static final String GRID = "#e6e8eb";

  public static final String AXIS = "#8a9099";

  /** Series colours in order: the i-th series of every chart gets {@code series(i)}. */
  public static final List<String> SERIES =
      List.of(BLUE, ORANGE, TEAL, PURPLE, GREEN, BROWN, PINK, YELLOW, GREY, RED);

  private Palette() {}

  public static String series(int index) {
    return SERIES.get(Math.floorMod(index, SERIES.size()));
  }

  private static final Map<String, String> JOBS =
      Map.of(
          "bronze-job", BLUE,
          "silver-job", TEAL,
          "training-job", GREEN,
          "gold-scoring-job", ORANGE,
          "monitor-job", PURPLE,
          "pipeline-summary", YELLOW,
          "pipeline-report", BROWN);

  /**
   * A job's colour, the same in every chart: the pipeline's jobs have their own, any other job a
   * series colour picked by its name.
   */
  public static String job(String job) {
    String known = JOBS.get(job);
    return known != null ? known : series(Math.floorMod(job.hashCode(), SERIES.size()));
  }

  /** The colour of a status: OK green, WARN orange, BREACH red, anything else grey. */
  public static String status(String status) {
    return switch (status) {
      case "OK" -> GREEN;
      case "WARN" -> ORANGE;
      case "BREACH" -> RED;
      default -> GREY;
    };
  }
}
