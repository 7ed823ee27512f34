package io.anomalypipe.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.service.compute.DataSecurityMode;
import com.databricks.sdk.service.jobs.CreateJob;
import com.databricks.sdk.service.jobs.JobSettings;
import com.databricks.sdk.service.jobs.Task;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** workflows/anomaly-pipeline.job.json against the Jobs API as the Databricks SDK models it. */
class JobDefinitionTest {

  @Test
  void readsWithTheSdkJobClassesAndLosesNothing() throws Exception {
    JsonNode job = DeploymentFiles.jobJson();

    JobSettings settings = JobsApi.settings(job);
    CreateJob create = JobsApi.STRICT.treeToValue(job, CreateJob.class);

    assertThat(settings.getTasks())
        .extracting(Task::getTaskKey)
        .containsExactly("bronze", "silver", "train", "gold", "monitor");
    assertThat(create.getName()).isEqualTo("anomaly-pipeline");
    assertThat(settings.getJobClusters().iterator().next().getNewCluster().getDataSecurityMode())
        .isEqualTo(DataSecurityMode.SINGLE_USER);
    assertThat(TreeDiff.differences(job, JobsApi.roundTrip(job))).isEmpty();
  }

  @ParameterizedTest(name = "{1} at ''{0}''")
  @CsvSource({
    "'', max_concurent_runs",
    "/tasks/0, spark_jar_taks",
    "/tasks/0/spark_jar_task, main_class",
    "/job_clusters/0/new_cluster, spark_verison",
    "/schedule, time_zone_id"
  })
  void aFieldTheJobsApiDoesNotHaveFails(String at, String field) {
    JsonNode job = DeploymentFiles.jobJson();
    ((ObjectNode) job.at(at)).put(field, "x");

    assertThatThrownBy(() -> JobsApi.settings(job))
        .isInstanceOf(UnrecognizedPropertyException.class)
        .hasMessageContaining(field);
  }

  @Test
  void anEnumValueTheJobsApiDoesNotKnowFails() {
    JsonNode job = DeploymentFiles.jobJson();
    ((ObjectNode) job.at("/job_clusters/0/new_cluster")).put("data_security_mode", "SINGLE_USR");

    assertThatThrownBy(() -> JobsApi.settings(job))
        .isInstanceOf(InvalidFormatException.class)
        .hasMessageContaining("SINGLE_USR");
  }

  @Test
  void aValueTheSdkWouldConvertShowsInTheRoundTrip() throws Exception {
    JsonNode job = DeploymentFiles.jobJson();
    ((ObjectNode) job.at("/tasks/2")).put("max_retries", "1");

    assertThat(TreeDiff.differences(job, JobsApi.roundTrip(job)))
        .containsExactly("tasks[train].max_retries: expected \"1\", found 1");
  }

  @Test
  void tasksClustersAndSecretsAreConsistent() throws Exception {
    assertThat(JobStructure.problems(JobsApi.settings(DeploymentFiles.jobJson()))).isEmpty();
  }

  @Test
  void brokenReferencesCyclesTaskTypesAndSecretsAreFound() throws Exception {
    JsonNode job = DeploymentFiles.jobJson();
    ((ObjectNode) job.at("/tasks/0"))
        .set("depends_on", DeploymentFiles.JSON.readTree("[{\"task_key\": \"gold\"}]"));
    ((ArrayNode) job.at("/tasks/2/depends_on")).addObject().put("task_key", "silvr");
    ((ObjectNode) job.at("/tasks/2")).put("job_cluster_key", "other_cluster");
    ((ObjectNode) job.at("/tasks/3"))
        .set("notebook_task", DeploymentFiles.JSON.readTree("{\"notebook_path\": \"/x\"}"));
    ((ObjectNode) job.at("/job_clusters/0/new_cluster/spark_env_vars"))
        .put("KAFKA_SASL_PASSWORD", "{{secret/anomaly-pipeline/kafka-sasl-password}}");
    ((ArrayNode) job.get("tasks")).add(job.get("tasks").get(0).deepCopy());

    assertThat(JobStructure.problems(JobsApi.settings(job)))
        .contains(
            "tasks[train].depends_on silvr: no such task",
            "tasks[train].job_cluster_key other_cluster: not in job_clusters",
            "tasks[gold]: needs exactly one task type, has [NotebookTask, SparkJarTask]",
            "job_clusters[pipeline_cluster].new_cluster.spark_env_vars.KAFKA_SASL_PASSWORD: write a"
                + " secret as {{secrets/<scope>/<key>}}",
            "task_key bronze twice")
        .anyMatch(problem -> problem.matches("depends_on cycle: (\\w+ -> ){4}\\w+"));
  }

  @Test
  void theClusterRunsTheScalaVersionTheJarsAreBuiltFor() throws Exception {
    String scala = System.getProperty("scala.binary.version");
    JobSettings job = JobsApi.settings(DeploymentFiles.jobJson());

    assertThat(scala).isNotBlank();
    assertThat(job.getJobClusters())
        .allSatisfy(
            cluster ->
                assertThat(cluster.getNewCluster().getSparkVersion())
                    .matches("\\d+\\.\\d+\\.x-scala" + java.util.regex.Pattern.quote(scala)));
  }
}
