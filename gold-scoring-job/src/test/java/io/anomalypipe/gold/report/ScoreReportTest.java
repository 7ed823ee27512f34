package io.anomalypipe.gold.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ScoreReportTest {

  @Test
  void binsCoverZeroToOneWithOneInTheLastBin() {
    ScoreHistogram histogram = ScoreHistogram.of(new double[] {0.0, 0.019, 0.02, 0.5, 1.0}, 50);
    assertThat(histogram.counts()[0]).isEqualTo(2);
    assertThat(histogram.counts()[1]).isEqualTo(1);
    assertThat(histogram.counts()[25]).isEqualTo(1);
    assertThat(histogram.counts()[49]).isEqualTo(1);
    assertThat(histogram.total()).isEqualTo(5);
    assertThat(ScoreHistogram.binOf(-0.1, 10)).isZero();
  }

  @Test
  void quantilesUseTheNearestRank() {
    double[] scores = new double[1000];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = (i + 1) / 1000.0;
    }
    ScoreQuantiles q = ScoreQuantiles.of(scores);
    assertThat(q.min()).isEqualTo(0.001);
    assertThat(q.p50()).isEqualTo(0.5);
    assertThat(q.p99()).isEqualTo(0.99);
    assertThat(q.p999()).isEqualTo(0.999);
    assertThat(q.max()).isEqualTo(1.0);
    assertThat(q.asMetrics("score")).containsKeys("score_p50", "score_p999", "score_mean");
  }

  @Test
  void theChartIsAPngWithTheThresholdLineInRed() throws Exception {
    double[] scores = new double[10_000];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = 0.35 + 0.1 * Math.sin(i);
    }
    byte[] png = ScoreHistogramChart.png(ScoreHistogram.of(scores, 50), 0.6, "training scores");

    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image.getWidth()).isEqualTo(800);
    assertThat(image.getHeight()).isEqualTo(450);
    // the threshold line at x = 70 + 0.6 · 710 = 496, in the middle of the plot
    assertThat(image.getRGB(496, 200) & 0xFFFFFF).isEqualTo(0xE15759);
  }
}
