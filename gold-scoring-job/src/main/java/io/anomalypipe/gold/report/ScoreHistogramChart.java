package io.anomalypipe.gold.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Draws a {@link ScoreHistogram} as a PNG for MLflow: bars on a log-scaled count axis (the
 * anomalous tail is a few hundred rows beside a bulk of millions; a linear axis would hide it), the
 * threshold as a red line, bins at or above it in orange. Plain Java2D, headless: no charting
 * library on the cluster.
 */
public final class ScoreHistogramChart {
  private static final int WIDTH = 800;
  private static final int HEIGHT = 450;
  private static final int MARGIN_LEFT = 70;
  private static final int MARGIN_RIGHT = 20;
  private static final int MARGIN_TOP = 40;
  private static final int MARGIN_BOTTOM = 50;

  private ScoreHistogramChart() {}

  public static byte[] png(ScoreHistogram histogram, double threshold, String title) {
    System.setProperty("java.awt.headless", "true");
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      drawBars(g, histogram, threshold);
      drawAxes(g, histogram, title);
      drawThreshold(g, threshold);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the score histogram as PNG", e);
    }
    return out.toByteArray();
  }

  private static int plotWidth() {
    return WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
  }

  private static int plotHeight() {
    return HEIGHT - MARGIN_TOP - MARGIN_BOTTOM;
  }

  private static double maxLogCount(ScoreHistogram histogram) {
    long max = 1;
    for (long count : histogram.counts()) {
      max = Math.max(max, count);
    }
    return Math.log10(max + 1.0);
  }

  private static void drawBars(Graphics2D g, ScoreHistogram histogram, double threshold) {
    long[] counts = histogram.counts();
    double maxLog = maxLogCount(histogram);
    double barWidth = (double) plotWidth() / counts.length;
    for (int bin = 0; bin < counts.length; bin++) {
      if (counts[bin] == 0) {
        continue;
      }
      int barHeight = (int) Math.round(plotHeight() * Math.log10(counts[bin] + 1.0) / maxLog);
      int x = MARGIN_LEFT + (int) Math.round(bin * barWidth);
      int w =
          Math.max(1, (int) Math.round((bin + 1) * barWidth) - (int) Math.round(bin * barWidth));
      boolean aboveThreshold = (double) (bin + 1) / counts.length > threshold;
      g.setColor(aboveThreshold ? new Color(0xF28E2B) : new Color(0x4E79A7));
      g.fillRect(x, MARGIN_TOP + plotHeight() - barHeight, w - 1, barHeight);
    }
  }

  private static void drawAxes(Graphics2D g, ScoreHistogram histogram, String title) {
    g.setColor(Color.DARK_GRAY);
    g.setStroke(new BasicStroke(1f));
    int x0 = MARGIN_LEFT;
    int y0 = MARGIN_TOP + plotHeight();
    g.drawLine(x0, y0, x0 + plotWidth(), y0);
    g.drawLine(x0, MARGIN_TOP, x0, y0);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (int tick = 0; tick <= 10; tick++) {
      int x = x0 + plotWidth() * tick / 10;
      g.drawLine(x, y0, x, y0 + 4);
      g.drawString(String.format("%.1f", tick / 10.0), x - 8, y0 + 17);
    }
    double maxLog = maxLogCount(histogram);
    for (int power = 0; power <= (int) Math.floor(maxLog); power++) {
      int y = y0 - (int) Math.round(plotHeight() * Math.log10(Math.pow(10, power) + 1.0) / maxLog);
      g.drawLine(x0 - 4, y, x0, y);
      g.drawString("1e" + power, x0 - 34, y + 4);
    }
    g.drawString("anomaly score (higher = more anomalous)", x0 + plotWidth() / 2 - 110, y0 + 38);
    g.drawString("rows (log)", 8, MARGIN_TOP - 8);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.drawString(title + "  (n = " + histogram.total() + ")", x0, MARGIN_TOP - 16);
  }

  private static void drawThreshold(Graphics2D g, double threshold) {
    int x = MARGIN_LEFT + (int) Math.round(plotWidth() * Math.max(0, Math.min(1, threshold)));
    g.setColor(new Color(0xE15759));
    g.setStroke(new BasicStroke(2f));
    g.drawLine(x, MARGIN_TOP, x, MARGIN_TOP + plotHeight());
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    g.drawString(String.format("threshold %.3f", threshold), x + 4, MARGIN_TOP + 12);
  }
}
