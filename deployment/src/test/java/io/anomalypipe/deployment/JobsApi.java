package io.anomalypipe.deployment;

import com.databricks.sdk.core.utils.SerDeUtils;
import com.databricks.sdk.service.jobs.JobSettings;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A job definition read with the Databricks SDK for Java's job classes ({@link JobSettings}: the
 * body of {@code jobs/create}, {@code new_settings} of {@code jobs/reset}, and a bundle's job
 * resource), strictly: the SDK's own mapper with its lenient settings turned off, so a field the
 * Jobs API does not have, an enum value it does not know, or a scalar where a list belongs fails
 * instead of being dropped or bent.
 */
final class JobsApi {
  static final ObjectMapper STRICT =
      SerDeUtils.createMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
          .configure(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL, false)
          .configure(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY, false)
          .configure(DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT, false);

  private JobsApi() {}

  static JobSettings settings(JsonNode job) throws JsonProcessingException {
    return STRICT.treeToValue(job, JobSettings.class);
  }

  /**
   * The job as the SDK writes it back, re-read as plain JSON: equal to the input when the SDK's
   * classes hold every field and value as given (Jackson still converts, e.g., {@code "3600"} to a
   * number silently; the round trip shows it).
   */
  static JsonNode roundTrip(JsonNode job) throws JsonProcessingException {
    return DeploymentFiles.JSON.readTree(STRICT.writeValueAsString(settings(job)));
  }
}
