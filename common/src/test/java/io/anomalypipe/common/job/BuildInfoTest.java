package io.anomalypipe.common.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BuildInfoTest {

  @Test
  void theBuildRecordsTheProjectVersionAndTheCommit() {
    BuildInfo info = BuildInfo.current();
    assertThat(info.version()).matches("\\d+\\.\\d+\\.\\d+.*");
    // tests run from a git checkout (CI clones the repository)
    assertThat(info.gitCommit()).matches("[0-9a-f]{40}");
  }
}
