package io.anomalypipe.gold.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.anomalypipe.gold.report.SvgCharts.Axis;
import io.anomalypipe.gold.report.SvgCharts.Bar;
import io.anomalypipe.gold.report.SvgCharts.Column;
import io.anomalypipe.gold.report.SvgCharts.Marker;
import io.anomalypipe.gold.report.SvgCharts.Point;
import io.anomalypipe.gold.report.SvgCharts.Series;
import io.anomalypipe.gold.report.SvgCharts.Size;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SvgChartsTest {

  private static final Size SIZE = new Size(560, 230);
  // the plot area of a SIZE chart: margins left 58, right 14, top 14, bottom 42
  private static final double LEFT = 58;
  private static final double RIGHT = 560 - 14;
  private static final double TOP = 14;
  private static final double BOTTOM = 230 - 42;

  @Test
  void ticksAreRoundNumbersCoveringTheRange() {
    assertThat(SvgCharts.niceTicks(0, 100, 6)).containsExactly(0.0, 20.0, 40.0, 60.0, 80.0, 100.0);
    assertThat(SvgCharts.niceTicks(0, 0.97, 6)).containsExactly(0.0, 0.2, 0.4, 0.6, 0.8);
    assertThat(SvgCharts.niceTicks(-3, 3, 4)).containsExactly(-2.0, 0.0, 2.0);
    assertThat(SvgCharts.niceCeiling(97)).isEqualTo(100);
    assertThat(SvgCharts.niceCeiling(6_150)).isEqualTo(8_000);
    assertThat(SvgCharts.niceCeiling(0)).isEqualTo(1);
  }

  @Test
  void timeTicksFallOnWholeStepsOfTheClock() {
    long hour = Duration.ofHours(1).toMillis();
    assertThat(SvgCharts.timeStep(0, 6 * hour, 6)).isEqualTo(3 * hour);
    assertThat(SvgCharts.timeStep(0, 5 * hour, 6)).isEqualTo(hour);
    assertThat(SvgCharts.timeStep(0, 10 * 24 * hour, 6)).isEqualTo(2 * 24 * hour);

    Instant start = Instant.parse("2026-12-04T10:20:00Z");
    List<Point> points = new ArrayList<>();
    for (int i = 0; i <= 10; i++) {
      points.add(new Point(start.plus(Duration.ofMinutes(30L * i)).toEpochMilli(), i));
    }
    Document svg =
        parse(
            SvgCharts.lineChart(
                SIZE,
                Axis.time("time"),
                Axis.number("rows/s", Format::compact),
                List.of(new Series("a", Palette.BLUE, points))));
    // 10:20 to 15:20: hourly ticks 11:00 ... 15:00, all on the plot
    assertThat(texts(svg, "tick"))
        .contains("11:00", "12:00", "13:00", "14:00", "15:00")
        .doesNotContain("10:00", "16:00");
    for (Element tick : elements(svg, "line", "tick-mark")) {
      assertThat(Double.parseDouble(tick.getAttribute("x1"))).isBetween(LEFT, RIGHT);
    }
  }

  @Test
  void aLineChartMapsItsPointsOntoThePlotFromZero() {
    Document svg =
        parse(
            SvgCharts.lineChart(
                SIZE,
                Axis.number("batch", v -> Format.compact(v)),
                Axis.number("rows/s", Format::compact),
                List.of(
                    new Series(
                        "silver-job",
                        Palette.TEAL,
                        List.of(new Point(0, 0), new Point(5, 50), new Point(10, 100))))));

    Element path = elements(svg, "path", "line").get(0);
    assertThat(path.getAttribute("stroke")).isEqualTo(Palette.TEAL);
    // y runs from 0 to the round ceiling of 100, i.e. 100: the first point at the bottom left,
    // the middle one halfway, the last at the top right
    assertThat(coordinates(path.getAttribute("d")))
        .containsExactly(LEFT, BOTTOM, (LEFT + RIGHT) / 2, (TOP + BOTTOM) / 2, RIGHT, TOP);
    assertThat(elements(svg, "circle", null)).hasSize(3);
    assertThat(texts(svg, "tick")).contains("0", "20", "100", "2", "10");
    assertThat(texts(svg, "axis-title")).containsExactly("batch", "rows/s");
    // one series: no legend
    assertThat(texts(svg, "legend")).isEmpty();
  }

  @Test
  void severalSeriesGetALegend() {
    Document svg =
        parse(
            SvgCharts.lineChart(
                SIZE,
                Axis.number("x", Format::compact),
                Axis.number("y", Format::compact),
                List.of(
                    new Series("bronze-job", Palette.BLUE, List.of(new Point(0, 1))),
                    new Series("gold-scoring-job", Palette.ORANGE, List.of(new Point(1, 2))))));
    assertThat(texts(svg, "legend")).containsExactly("bronze-job", "gold-scoring-job");
  }

  @Test
  void logColumnsGrowWithTheLogOfTheCountAndTheMarkerSitsAtItsValue() {
    List<Column> columns =
        List.of(
            new Column(0.0, 0.5, 9, Palette.BLUE),
            new Column(0.5, 1.0, 999, Palette.ORANGE),
            new Column(0.25, 0.5, 0, Palette.BLUE));
    Document svg =
        parse(
            SvgCharts.columnChart(
                SIZE,
                Axis.number("score", v -> Format.number(v)),
                Axis.number("events", Format::compact),
                columns,
                true,
                Optional.of(new Marker(0.75, "threshold 0.75", Palette.RED))));

    List<Element> rects = elements(svg, "rect", "col");
    assertThat(rects).hasSize(3);
    double plotHeight = BOTTOM - TOP;
    // log10(1 + 9) = 1 and log10(1 + 999) = 3 on an axis up to 3
    assertThat(height(rects.get(0))).isCloseTo(plotHeight / 3, within(0.2));
    assertThat(height(rects.get(1))).isCloseTo(plotHeight, within(0.2));
    assertThat(height(rects.get(2))).isZero();
    assertThat(rects.get(1).getAttribute("fill")).isEqualTo(Palette.ORANGE);
    assertThat(texts(svg, "tick")).contains("1", "10", "100", "1k");

    Element marker = elements(svg, "line", "marker").get(0);
    assertThat(Double.parseDouble(marker.getAttribute("x1")))
        .isCloseTo(LEFT + 0.75 * (RIGHT - LEFT), within(0.1));
    assertThat(texts(svg, "marker-label")).containsExactly("threshold 0.75");
  }

  @Test
  void barsAreAsLongAsTheirValuesAndTheHeightFollowsTheirNumber() {
    List<Bar> bars =
        List.of(
            new Bar("merge_ms", 2_000, Palette.TEAL, "2.0 s"),
            new Bar("audit_ms", 1_000, Palette.TEAL, "1.0 s"),
            new Bar("keys_ms", 0, Palette.TEAL, "0 ms"));
    String chart = SvgCharts.horizontalBars(560, bars, Optional.empty());
    Document svg = parse(chart);

    List<Element> rects = elements(svg, "rect", "bar");
    assertThat(width(rects.get(0))).isCloseTo(2 * width(rects.get(1)), within(0.2));
    assertThat(width(rects.get(2))).isZero();
    assertThat(texts(svg, "bar-label")).containsExactly("merge_ms", "audit_ms", "keys_ms");
    assertThat(texts(svg, "bar-value")).containsExactly("2.0 s", "1.0 s", "0 ms");
    String fiveBars =
        SvgCharts.horizontalBars(
            560,
            List.of(bars.get(0), bars.get(0), bars.get(0), bars.get(0), bars.get(0)),
            Optional.empty());
    assertThat(viewBoxHeight(parse(fiveBars))).isGreaterThan(viewBoxHeight(svg));
  }

  @Test
  void aLimitMarkerStretchesTheScaleWhenAboveEveryBar() {
    Document svg =
        parse(
            SvgCharts.horizontalBars(
                560,
                List.of(new Bar("feature_log_value", 0.1, Palette.GREEN, "0.100 OK")),
                Optional.of(new Marker(0.25, "limit 0.25", Palette.RED))));
    Element bar = elements(svg, "rect", "bar").get(0);
    Element marker = elements(svg, "line", "marker").get(0);
    double start = Double.parseDouble(bar.getAttribute("x"));
    double markerAt = Double.parseDouble(marker.getAttribute("x1")) - start;
    assertThat(width(bar) / markerAt).isCloseTo(0.4, within(0.01));
  }

  @Test
  void aStackedBarSplitsItsWidthByTheParts() {
    Document svg =
        parse(
            SvgCharts.stackedBar(
                600,
                List.of(
                    new Bar("inserted", 300, Palette.BLUE, "300"),
                    new Bar("quarantined", 100, Palette.RED, "100"),
                    new Bar("duplicates", 200, Palette.YELLOW, "200"),
                    new Bar("already in Silver", 0, Palette.BROWN, "0"))));
    List<Element> parts = elements(svg, "rect", "part");
    assertThat(parts).hasSize(3);
    assertThat(parts.stream().map(SvgChartsTest::width).toList())
        .containsExactly(300.0, 100.0, 200.0);
    assertThat(texts(svg, "legend"))
        .containsExactly(
            "inserted: 300", "quarantined: 100", "duplicates: 200", "already in Silver: 0");
  }

  @Test
  void textIsEscapedAndEmptyChartsSaySo() {
    String chart =
        SvgCharts.horizontalBars(
            400,
            List.of(new Bar("<script>alert('x')</script>", 1, "\"><x", "a & b")),
            Optional.empty());
    assertThat(chart).doesNotContain("<script>", "\"><x").contains("&lt;script&gt;", "a &amp; b");
    Document svg = parse(chart);
    assertThat(texts(svg, "bar-label")).containsExactly("<script>alert('x')</script>");

    Axis axis = Axis.number("x", Format::compact);
    assertThat(texts(parse(SvgCharts.lineChart(SIZE, axis, axis, List.of())), "empty"))
        .containsExactly("no points");
    assertThat(
            texts(
                parse(SvgCharts.columnChart(SIZE, axis, axis, List.of(), false, Optional.empty())),
                "empty"))
        .containsExactly("no data");
  }

  @Test
  void sameInputSameSvg() {
    List<Series> series =
        List.of(new Series("a", Palette.BLUE, List.of(new Point(1, 2), new Point(3, 4))));
    Axis axis = Axis.number("x", Format::compact);
    assertThat(SvgCharts.lineChart(SIZE, axis, axis, series))
        .isEqualTo(SvgCharts.lineChart(SIZE, axis, axis, series));
  }

  // ---- reading the SVG back -------------------------------------------------------------------

  /** Parses the chart as XML: it must be well-formed, which also proves the escaping. */
  static Document parse(String svg) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(false);
      return factory
          .newDocumentBuilder()
          .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new AssertionError("not well-formed SVG: " + e.getMessage() + "\n" + svg, e);
    }
  }

  private static List<Element> elements(Document svg, String tag, String cssClass) {
    NodeList nodes = svg.getElementsByTagName(tag);
    List<Element> found = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      Element e = (Element) nodes.item(i);
      if (cssClass == null || e.getAttribute("class").equals(cssClass)) {
        found.add(e);
      }
    }
    return found;
  }

  private static List<String> texts(Document svg, String cssClass) {
    return elements(svg, "text", cssClass).stream().map(Element::getTextContent).toList();
  }

  private static double height(Element rect) {
    return Double.parseDouble(rect.getAttribute("height"));
  }

  private static double width(Element rect) {
    return Double.parseDouble(rect.getAttribute("width"));
  }

  private static double viewBoxHeight(Document svg) {
    String[] box = svg.getDocumentElement().getAttribute("viewBox").split(" ");
    return Double.parseDouble(box[3]);
  }

  private static List<Double> coordinates(String path) {
    List<Double> values = new ArrayList<>();
    for (String token : path.replace("M", " ").replace("L", " ").trim().split("[ ,]+")) {
      values.add(Double.parseDouble(token));
    }
    return values;
  }
}
