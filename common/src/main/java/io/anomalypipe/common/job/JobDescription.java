package io.anomalypipe.common.job;

import java.util.List;

/**
 * What a job is called, which medallion layer it serves, its usage line and the config sections it
 * reads (listed by {@code --help}).
 */
public record JobDescription(String name, String layer, String usage, List<String> configSections) {

  public JobDescription {
    configSections = List.copyOf(configSections);
  }
}
