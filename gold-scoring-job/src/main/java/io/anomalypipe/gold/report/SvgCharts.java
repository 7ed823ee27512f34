package io.anomalypipe.gold.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.DoubleFunction;

/**
 * Small charts as inline SVG strings, from a few dozen to a few hundred points the report already
 * aggregated: a line chart, a column chart (histograms, rates per time bucket) and horizontal bars.
 * Pure functions: same points, same string; every text is escaped. Sizes are the SVG's {@code
 * viewBox}, so a chart scales to the width of its card; colours come from {@link Palette}.
 */
public final class SvgCharts {

  private static final int MARGIN_LEFT = 58;
  private static final int MARGIN_RIGHT = 14;
  private static final int MARGIN_TOP = 14;
  private static final int MARGIN_BOTTOM = 42;
  private static final int MAX_TICKS = 6;

  private SvgCharts() {}

  /** A point of a line; x in the x axis' unit (epoch milliseconds for a time axis). */
  public record Point(double x, double y) {}

  /** One line of a line chart. */
  public record Series(String name, String color, List<Point> points) {
    public Series {
      points = List.copyOf(points);
    }
  }

  /** A column from x0 to x1 (x axis units) of height y. */
  public record Column(double x0, double x1, double y, String color) {}

  /** A labelled horizontal bar; {@code valueLabel} is written beside it. */
  public record Bar(String label, double value, String color, String valueLabel) {}

  /** A vertical (columns, lines) or horizontal (bars) marker line, e.g. the score threshold. */
  public record Marker(double at, String label, String color) {}

  /** A tick of an axis: where, and its label. */
  public record Tick(double at, String label) {}

  /** Where the ticks of an axis over [min, max] go and how they read. */
  public interface Scale {
    List<Tick> ticks(double min, double max);
  }

  /** An axis: its title and its scale. */
  public record Axis(String title, Scale scale) {

    /** Round numbers (1, 2, 5 × 10^k steps), labelled by {@code format}. */
    public static Axis number(String title, DoubleFunction<String> format) {
      return new Axis(title, new NumberScale(format));
    }

    /** Epoch milliseconds, ticks at whole minutes, hours or days (UTC). */
    public static Axis time(String title) {
      return new Axis(title, new TimeScale());
    }
  }

  /** The size of a chart's drawing in SVG units. */
  public record Size(int width, int height) {}

  // ---- charts ---------------------------------------------------------------------------------

  /**
   * Lines over a shared x axis, the y axis from 0; dots on the points when there are few. A legend
   * names the series when there is more than one.
   */
  public static String lineChart(Size size, Axis x, Axis y, List<Series> series) {
    List<Point> all = series.stream().flatMap(s -> s.points().stream()).toList();
    if (all.isEmpty()) {
      return empty(size, "no points");
    }
    Range xRange = Range.of(all.stream().mapToDouble(Point::x).toArray()).padded(x.scale());
    Range yRange = new Range(0, niceCeiling(all.stream().mapToDouble(Point::y).max().orElse(1)));
    Plot plot = new Plot(size, xRange, yRange);
    StringBuilder svg = open(size);
    axes(svg, plot, x, y);
    for (Series s : series) {
      StringBuilder path = new StringBuilder();
      for (Point p : s.points()) {
        path.append(path.length() == 0 ? "M" : " L")
            .append(num(plot.px(p.x())))
            .append(',')
            .append(num(plot.py(p.y())));
      }
      svg.append("<path class=\"line\" d=\"")
          .append(path)
          .append("\" fill=\"none\" stroke=\"")
          .append(attr(s.color()))
          .append("\" stroke-width=\"2\" stroke-linejoin=\"round\"/>");
      if (s.points().size() <= 80) {
        for (Point p : s.points()) {
          svg.append("<circle cx=\"")
              .append(num(plot.px(p.x())))
              .append("\" cy=\"")
              .append(num(plot.py(p.y())))
              .append("\" r=\"2.6\" fill=\"")
              .append(attr(s.color()))
              .append("\"/>");
        }
      }
    }
    if (series.size() > 1) {
      legend(svg, plot, series);
    }
    return svg.append("</svg>").toString();
  }

  /**
   * Columns on a continuous x axis (histogram bins, time buckets), y from 0 — or on a log scale of
   * {@code 1 + y} when {@code logY}, for counts whose interesting tail is orders of magnitude below
   * the bulk. An optional vertical marker (a threshold).
   */
  public static String columnChart(
      Size size, Axis x, Axis y, List<Column> columns, boolean logY, Optional<Marker> marker) {
    if (columns.isEmpty()) {
      return empty(size, "no data");
    }
    double x0 = columns.stream().mapToDouble(Column::x0).min().orElseThrow();
    double x1 = columns.stream().mapToDouble(Column::x1).max().orElseThrow();
    if (marker.isPresent()) {
      x0 = Math.min(x0, marker.get().at());
      x1 = Math.max(x1, marker.get().at());
    }
    double maxY = columns.stream().mapToDouble(Column::y).max().orElse(0);
    Range yRange =
        logY
            ? new Range(0, Math.max(1, Math.ceil(Math.log10(1 + maxY))))
            : new Range(0, niceCeiling(maxY));
    Plot plot = new Plot(size, new Range(x0, x1 > x0 ? x1 : x0 + 1), yRange);
    StringBuilder svg = open(size);
    axes(svg, plot, x, logY ? new Axis(y.title(), new LogScale()) : y);
    for (Column c : columns) {
      double height = logY ? Math.log10(1 + Math.max(0, c.y())) : Math.max(0, c.y());
      double left = plot.px(c.x0());
      double right = plot.px(c.x1());
      double width = Math.max(1, right - left - (right - left > 4 ? 1 : 0));
      double top = plot.py(height);
      svg.append("<rect class=\"col\" x=\"")
          .append(num(left))
          .append("\" y=\"")
          .append(num(top))
          .append("\" width=\"")
          .append(num(width))
          .append("\" height=\"")
          .append(num(plot.py(0) - top))
          .append("\" fill=\"")
          .append(attr(c.color()))
          .append("\"/>");
    }
    if (marker.isPresent()) {
      double px = plot.px(marker.get().at());
      svg.append("<line class=\"marker\" x1=\"")
          .append(num(px))
          .append("\" x2=\"")
          .append(num(px))
          .append("\" y1=\"")
          .append(num(plot.top()))
          .append("\" y2=\"")
          .append(num(plot.bottom()))
          .append("\" stroke=\"")
          .append(attr(marker.get().color()))
          .append("\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>");
      boolean leftSide = px > plot.left() + plot.width() * 0.7;
      text(
          svg,
          leftSide ? px - 5 : px + 5,
          plot.top() + 11,
          leftSide ? "end" : "start",
          "marker-label",
          marker.get().label());
    }
    return svg.append("</svg>").toString();
  }

  /**
   * Horizontal bars, one per row with its label on the left and {@code valueLabel} at its end; the
   * height follows the number of bars. An optional marker (a limit) as a dashed line.
   */
  public static String horizontalBars(int width, List<Bar> bars, Optional<Marker> marker) {
    int rowHeight = 22;
    int labelWidth = Math.min(260, Math.max(80, longest(bars, Bar::label) * 7 + 12));
    int valueWidth = Math.min(320, Math.max(60, longest(bars, Bar::valueLabel) * 7 + 12));
    int height = Math.max(1, bars.size()) * rowHeight + 24;
    Size size = new Size(width, height);
    if (bars.isEmpty()) {
      return empty(size, "no data");
    }
    double max = bars.stream().mapToDouble(Bar::value).max().orElse(0);
    if (marker.isPresent()) {
      max = Math.max(max, marker.get().at());
    }
    max = max <= 0 ? 1 : max;
    double plotLeft = labelWidth;
    double plotWidth = width - labelWidth - valueWidth;
    StringBuilder svg = open(size);
    for (int i = 0; i < bars.size(); i++) {
      Bar bar = bars.get(i);
      double y = 6 + i * rowHeight;
      double length = Math.max(bar.value() > 0 ? 1.5 : 0, plotWidth * bar.value() / max);
      text(svg, plotLeft - 8, y + 14, "end", "bar-label", bar.label());
      svg.append("<rect class=\"bar\" x=\"")
          .append(num(plotLeft))
          .append("\" y=\"")
          .append(num(y + 3))
          .append("\" width=\"")
          .append(num(length))
          .append("\" height=\"")
          .append(rowHeight - 7)
          .append("\" rx=\"2\" fill=\"")
          .append(attr(bar.color()))
          .append("\"/>");
      text(svg, plotLeft + length + 6, y + 14, "start", "bar-value", bar.valueLabel());
    }
    double axisY = 6 + bars.size() * rowHeight;
    svg.append("<line class=\"axis\" x1=\"")
        .append(num(plotLeft))
        .append("\" x2=\"")
        .append(num(plotLeft))
        .append("\" y1=\"4\" y2=\"")
        .append(num(axisY))
        .append("\" stroke=\"")
        .append(Palette.AXIS)
        .append("\"/>");
    if (marker.isPresent()) {
      double px = plotLeft + plotWidth * marker.get().at() / max;
      svg.append("<line class=\"marker\" x1=\"")
          .append(num(px))
          .append("\" x2=\"")
          .append(num(px))
          .append("\" y1=\"4\" y2=\"")
          .append(num(axisY))
          .append("\" stroke=\"")
          .append(attr(marker.get().color()))
          .append("\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>");
      text(svg, px, axisY + 13, "middle", "marker-label", marker.get().label());
    }
    return svg.append("</svg>").toString();
  }

  /**
   * One bar split into parts proportional to their values (a whole and what it consists of), with a
   * legend underneath: each part's colour, label and {@code valueLabel}. Parts of value 0 appear in
   * the legend only.
   */
  public static String stackedBar(int width, List<Bar> parts) {
    int legendRows = (parts.size() + 2) / 3;
    Size size = new Size(width, 34 + legendRows * 20);
    double total = parts.stream().mapToDouble(p -> Math.max(0, p.value())).sum();
    StringBuilder svg = open(size);
    double x = 0;
    for (Bar part : parts) {
      double w = total <= 0 ? 0 : width * Math.max(0, part.value()) / total;
      if (w > 0) {
        svg.append("<rect class=\"part\" x=\"")
            .append(num(x))
            .append("\" y=\"2\" width=\"")
            .append(num(Math.max(w, 1.5)))
            .append("\" height=\"22\" fill=\"")
            .append(attr(part.color()))
            .append("\"/>");
      }
      x += w;
    }
    if (total <= 0) {
      svg.append("<rect x=\"0\" y=\"2\" width=\"")
          .append(width)
          .append("\" height=\"22\" fill=\"")
          .append(Palette.GRID)
          .append("\"/>");
    }
    double column = width / 3.0;
    for (int i = 0; i < parts.size(); i++) {
      Bar part = parts.get(i);
      double lx = (i % 3) * column;
      double ly = 34 + (i / 3) * 20;
      svg.append("<rect x=\"")
          .append(num(lx))
          .append("\" y=\"")
          .append(num(ly))
          .append("\" width=\"11\" height=\"11\" rx=\"2\" fill=\"")
          .append(attr(part.color()))
          .append("\"/>");
      text(svg, lx + 16, ly + 10, "start", "legend", part.label() + ": " + part.valueLabel());
    }
    return svg.append("</svg>").toString();
  }

  // ---- ticks ----------------------------------------------------------------------------------

  /** Round tick values (steps of 1, 2 or 5 × 10^k) covering [min, max], at most {@code max}. */
  public static List<Double> niceTicks(double min, double max, int maxTicks) {
    if (!(max > min)) {
      return List.of(min);
    }
    double step = niceStep((max - min) / Math.max(1, maxTicks - 1));
    // ticks as whole multiples of the step, rounded to its decimals: 0.6, not 0.6000000000000001
    double scale = Math.pow(10, Math.max(0, -Math.floor(Math.log10(step))));
    List<Double> ticks = new ArrayList<>();
    for (long i = (long) Math.ceil(min / step - 1e-9); i * step <= max + step * 1e-9; i++) {
      ticks.add(Math.round(i * step * scale) / scale + 0.0);
    }
    return ticks;
  }

  /** The smallest 1, 2 or 5 × 10^k at or above {@code rough}. */
  static double niceStep(double rough) {
    double power = Math.pow(10, Math.floor(Math.log10(rough)));
    double fraction = rough / power;
    double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
    return nice * power;
  }

  /** A round value at or above {@code value} for the top of a linear axis (1 when ≤ 0). */
  static double niceCeiling(double value) {
    if (!(value > 0)) {
      return 1;
    }
    double step = niceStep(value / (MAX_TICKS - 1));
    return Math.ceil(value / step - 1e-9) * step;
  }

  private static final long SECOND = 1_000;
  private static final long MINUTE = 60 * SECOND;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;
  private static final long[] TIME_STEPS = {
    SECOND,
    5 * SECOND,
    15 * SECOND,
    30 * SECOND,
    MINUTE,
    5 * MINUTE,
    15 * MINUTE,
    30 * MINUTE,
    HOUR,
    3 * HOUR,
    6 * HOUR,
    12 * HOUR,
    DAY,
    2 * DAY,
    7 * DAY,
    14 * DAY,
    28 * DAY
  };

  /** The smallest time step that puts at most {@code maxTicks} ticks on [min, max] millis. */
  static long timeStep(double min, double max, int maxTicks) {
    for (long step : TIME_STEPS) {
      if ((max - min) / step <= maxTicks - 1) {
        return step;
      }
    }
    return TIME_STEPS[TIME_STEPS.length - 1] * (long) Math.ceil((max - min) / (28.0 * DAY * 6));
  }

  private record NumberScale(DoubleFunction<String> format) implements Scale {
    @Override
    public List<Tick> ticks(double min, double max) {
      return niceTicks(min, max, MAX_TICKS).stream()
          .map(at -> new Tick(at, format.apply(at)))
          .toList();
    }
  }

  /** Ticks at 10^k of a {@code log10(1 + y)} axis. */
  private record LogScale() implements Scale {
    @Override
    public List<Tick> ticks(double min, double max) {
      List<Tick> ticks = new ArrayList<>();
      for (int power = 0; power <= Math.floor(max); power++) {
        long count = (long) Math.pow(10, power);
        String label =
            count >= 1_000_000
                ? count / 1_000_000 + "M"
                : count >= 1_000 ? count / 1_000 + "k" : Long.toString(count);
        ticks.add(new Tick(Math.log10(1 + count), label));
      }
      return ticks;
    }
  }

  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY_AND_CLOCK =
      DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY_ONLY =
      DateTimeFormatter.ofPattern("MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter CLOCK_SECONDS =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  /**
   * UTC ticks at whole steps: dates for steps of a day or more; clock times below, the first tick
   * and each midnight with the date when the span crosses days.
   */
  private record TimeScale() implements Scale {
    @Override
    public List<Tick> ticks(double min, double max) {
      long step = timeStep(min, max, MAX_TICKS);
      boolean spansDays = Math.floorDiv((long) min, DAY) != Math.floorDiv((long) max, DAY);
      List<Tick> ticks = new ArrayList<>();
      for (long t = Math.floorDiv((long) Math.ceil(min) + step - 1, step) * step;
          t <= max;
          t += step) {
        Instant instant = Instant.ofEpochMilli(t);
        DateTimeFormatter format =
            step >= DAY
                ? DAY_ONLY
                : step < MINUTE
                    ? CLOCK_SECONDS
                    : spansDays && (ticks.isEmpty() || t % DAY == 0) ? DAY_AND_CLOCK : CLOCK;
        ticks.add(new Tick(t, format.format(instant)));
      }
      return ticks;
    }
  }

  // ---- drawing --------------------------------------------------------------------------------

  private record Range(double min, double max) {
    static Range of(double[] values) {
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (double v : values) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      return new Range(min, max);
    }

    /** A single x value gets some room either side (a minute on a time axis). */
    Range padded(Scale scale) {
      if (max > min) {
        return this;
      }
      double pad = scale instanceof TimeScale ? MINUTE : Math.max(1, Math.abs(min) * 0.1);
      return new Range(min - pad, max + pad);
    }
  }

  private record Plot(Size size, Range x, Range y) {
    double left() {
      return MARGIN_LEFT;
    }

    double top() {
      return MARGIN_TOP;
    }

    double width() {
      return size.width() - MARGIN_LEFT - MARGIN_RIGHT;
    }

    double height() {
      return size.height() - MARGIN_TOP - MARGIN_BOTTOM;
    }

    double bottom() {
      return top() + height();
    }

    double px(double value) {
      return left() + width() * (value - x.min()) / (x.max() - x.min());
    }

    double py(double value) {
      return bottom() - height() * (value - y.min()) / (y.max() - y.min());
    }
  }

  private static StringBuilder open(Size size) {
    return new StringBuilder(4096)
        .append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 ")
        .append(size.width())
        .append(' ')
        .append(size.height())
        .append("\" role=\"img\">");
  }

  private static void axes(StringBuilder svg, Plot plot, Axis x, Axis y) {
    for (Tick tick : y.scale().ticks(plot.y().min(), plot.y().max())) {
      double py = plot.py(tick.at());
      svg.append("<line class=\"grid\" x1=\"")
          .append(num(plot.left()))
          .append("\" x2=\"")
          .append(num(plot.left() + plot.width()))
          .append("\" y1=\"")
          .append(num(py))
          .append("\" y2=\"")
          .append(num(py))
          .append("\" stroke=\"")
          .append(Palette.GRID)
          .append("\"/>");
      text(svg, plot.left() - 6, py + 4, "end", "tick", tick.label());
    }
    for (Tick tick : x.scale().ticks(plot.x().min(), plot.x().max())) {
      double px = plot.px(tick.at());
      svg.append("<line class=\"tick-mark\" x1=\"")
          .append(num(px))
          .append("\" x2=\"")
          .append(num(px))
          .append("\" y1=\"")
          .append(num(plot.bottom()))
          .append("\" y2=\"")
          .append(num(plot.bottom() + 4))
          .append("\" stroke=\"")
          .append(Palette.AXIS)
          .append("\"/>");
      text(svg, px, plot.bottom() + 16, "middle", "tick", tick.label());
    }
    svg.append("<line class=\"axis\" x1=\"")
        .append(num(plot.left()))
        .append("\" x2=\"")
        .append(num(plot.left() + plot.width()))
        .append("\" y1=\"")
        .append(num(plot.bottom()))
        .append("\" y2=\"")
        .append(num(plot.bottom()))
        .append("\" stroke=\"")
        .append(Palette.AXIS)
        .append("\"/>");
    text(
        svg, plot.left() + plot.width() / 2, plot.bottom() + 34, "middle", "axis-title", x.title());
    svg.append("<text class=\"axis-title\" text-anchor=\"middle\" transform=\"translate(13,")
        .append(num(plot.top() + plot.height() / 2))
        .append(") rotate(-90)\">")
        .append(Html.escape(y.title()))
        .append("</text>");
  }

  private static void legend(StringBuilder svg, Plot plot, List<Series> series) {
    double x = plot.left() + 8;
    for (Series s : series) {
      svg.append("<rect x=\"")
          .append(num(x))
          .append("\" y=\"")
          .append(num(plot.top() + 2))
          .append("\" width=\"10\" height=\"10\" rx=\"2\" fill=\"")
          .append(attr(s.color()))
          .append("\"/>");
      text(svg, x + 14, plot.top() + 11, "start", "legend", s.name());
      x += 26 + s.name().length() * 6.5;
    }
  }

  private static String empty(Size size, String message) {
    StringBuilder svg = open(size);
    text(svg, size.width() / 2.0, size.height() / 2.0, "middle", "empty", message);
    return svg.append("</svg>").toString();
  }

  private static void text(
      StringBuilder svg, double x, double y, String anchor, String cssClass, String content) {
    svg.append("<text class=\"")
        .append(cssClass)
        .append("\" x=\"")
        .append(num(x))
        .append("\" y=\"")
        .append(num(y))
        .append("\" text-anchor=\"")
        .append(anchor)
        .append("\">")
        .append(Html.escape(content))
        .append("</text>");
  }

  private static int longest(List<Bar> bars, java.util.function.Function<Bar, String> text) {
    return bars.stream().mapToInt(bar -> text.apply(bar).length()).max().orElse(0);
  }

  private static String attr(String value) {
    return Html.escape(value);
  }

  /** A coordinate with at most one decimal: short SVG, no locale. */
  static String num(double value) {
    double rounded = Math.round(value * 10) / 10.0;
    return rounded == Math.rint(rounded)
        ? Long.toString((long) rounded)
        : String.format(Locale.ROOT, "%.1f", rounded);
  }
}
