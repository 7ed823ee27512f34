package io.anomalypipe.gold.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.anomalypipe.common.config.CommandLine;
import io.anomalypipe.common.config.ConfigReader;
import io.anomalypipe.common.config.InvalidConfigException;
import io.anomalypipe.common.config.PipelineConfigLoader;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ReportConfigTest {

  @Test
  void defaultsCoverEverythingAndWriteBesideTheTables() {
    ReportConfig config = config("--storage.tables-root", "/data/run/tables");
    assertThat(config.range().isAll()).isTrue();
    assertThat(config.range().describe()).isEqualTo("all data");
    assertThat(config.output()).isEqualTo("/data/run/reports/pipeline-report.html");
    assertThat(config.topAnomalies()).isEqualTo(20);
    assertThat(config.rateBucket()).isEqualTo(ReportConfig.RateBucket.auto);
    assertThat(config.historyCommits()).isEqualTo(8);
  }

  @Test
  void theDefaultOutputKeepsTheFileSystemOfTheTables() {
    assertThat(ReportConfig.defaultOutput("s3a://bucket/pipeline/tables"))
        .isEqualTo("s3a://bucket/pipeline/reports/pipeline-report.html");
    assertThat(ReportConfig.defaultOutput("s3a://bucket/tables"))
        .isEqualTo("s3a://bucket/reports/pipeline-report.html");
    assertThat(ReportConfig.defaultOutput("s3a://bucket"))
        .isEqualTo("s3a://bucket/reports/pipeline-report.html");
    assertThat(ReportConfig.defaultOutput("/tables"))
        .isEqualTo("/tables/reports/pipeline-report.html");
    assertThat(ReportConfig.defaultOutput("dbfs:/Volumes/main/pipeline/tables"))
        .isEqualTo("dbfs:/Volumes/main/pipeline/reports/pipeline-report.html");
  }

  @Test
  void aRangeAndTheOtherKeysComeFromFlags() {
    ReportConfig config =
        config(
            "--report.from", "2026-12-01",
            "--report.to", "2026-12-04",
            "--report.output", "/tmp/week.html",
            "--report.top-anomalies", "5",
            "--report.rate-bucket", "day",
            "--report.history-commits", "3");
    assertThat(config.from()).contains(LocalDate.parse("2026-12-01"));
    assertThat(config.to()).contains(LocalDate.parse("2026-12-04"));
    assertThat(config.range().describe()).isEqualTo("2026-12-01 to 2026-12-04");
    assertThat(config.output()).isEqualTo("/tmp/week.html");
    assertThat(config.topAnomalies()).isEqualTo(5);
    assertThat(config.rateBucket()).isEqualTo(ReportConfig.RateBucket.day);
    assertThat(config.historyCommits()).isEqualTo(3);
    assertThat(config("--report.from", "2026-12-01").range().describe())
        .isEqualTo("from 2026-12-01");
  }

  @Test
  void badValuesNameTheKeyAndTheValue() {
    assertThatThrownBy(() -> config("--report.from", "2026-13-01"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "Invalid config 'pipeline.report.from' = '2026-13-01': expected an ISO date such as"
                + " 2026-12-01, or \"\" for none");
    assertThatThrownBy(() -> config("--report.from", "2026-12-04", "--report.to", "2026-12-01"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "Invalid config 'pipeline.report.to' = '2026-12-01': is before pipeline.report.from"
                + " (2026-12-04)");
    assertThatThrownBy(() -> config("--report.rate-bucket", "week"))
        .hasMessage(
            "Invalid config 'pipeline.report.rate-bucket' = 'week': expected one of auto, hour,"
                + " day");
    assertThatThrownBy(() -> config("--report.top-anomalies", "0"))
        .hasMessage(
            "Invalid config 'pipeline.report.top-anomalies' = '0': must be between 1 and 1000");
    assertThatThrownBy(() -> config("--report.history-commits", "many"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("Invalid config 'pipeline.report.history-commits' = 'many'");
  }

  private static ReportConfig config(String... flags) {
    return ReportConfig.fromConfig(
        ConfigReader.of(PipelineConfigLoader.load(CommandLine.parse(flags))));
  }
}
