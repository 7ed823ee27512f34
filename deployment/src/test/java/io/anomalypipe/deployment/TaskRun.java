package io.anomalypipe.deployment;

import com.databricks.sdk.service.compute.ClusterSpec;
import com.databricks.sdk.service.compute.Library;
import com.databricks.sdk.service.jobs.JobCluster;
import com.databricks.sdk.service.jobs.JobSettings;
import com.databricks.sdk.service.jobs.Task;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code spark_jar_task} as the cluster runs it: the main class, its parameters, the jars
 * installed for it and the environment variables its cluster sets (names, with secret references as
 * values).
 */
record TaskRun(
    String taskKey,
    String mainClass,
    List<String> parameters,
    List<String> jars,
    Map<String, String> environment) {

  static List<TaskRun> of(JobSettings job) {
    Map<String, ClusterSpec> clusters = new java.util.HashMap<>();
    for (JobCluster cluster : JobStructure.listOf(job.getJobClusters())) {
      clusters.put(cluster.getJobClusterKey(), cluster.getNewCluster());
    }
    return JobStructure.listOf(job.getTasks()).stream()
        .filter(task -> task.getSparkJarTask() != null)
        .map(task -> of(task, clusters))
        .toList();
  }

  private static TaskRun of(Task task, Map<String, ClusterSpec> clusters) {
    ClusterSpec cluster =
        task.getNewCluster() != null ? task.getNewCluster() : clusters.get(task.getJobClusterKey());
    Map<String, String> environment =
        cluster == null || cluster.getSparkEnvVars() == null
            ? Map.of()
            : Map.copyOf(cluster.getSparkEnvVars());
    return new TaskRun(
        task.getTaskKey(),
        task.getSparkJarTask().getMainClassName(),
        JobStructure.listOf(task.getSparkJarTask().getParameters()),
        JobStructure.listOf(task.getLibraries()).stream()
            .map(Library::getJar)
            .filter(Objects::nonNull)
            .toList(),
        environment);
  }

  /** The value after {@code --config}, or null. */
  String configPath() {
    int at = parameters.indexOf("--config");
    return at >= 0 && at + 1 < parameters.size() ? parameters.get(at + 1) : null;
  }
}
