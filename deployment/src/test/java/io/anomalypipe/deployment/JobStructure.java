package io.anomalypipe.deployment;

import com.databricks.sdk.service.compute.ClusterSpec;
import com.databricks.sdk.service.jobs.JobCluster;
import com.databricks.sdk.service.jobs.JobSettings;
import com.databricks.sdk.service.jobs.Task;
import com.databricks.sdk.service.jobs.TaskDependency;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the Jobs API checks only when a job is created (or never): references between tasks and
 * clusters, one task type per task, no dependency cycle, secrets written as secret references.
 */
final class JobStructure {
  /** A secret reference the cluster resolves when it starts. */
  static final Pattern SECRET = Pattern.compile("\\{\\{secrets/[^/{}\\s]+/[^/{}\\s]+}}");

  /** Task's getters of the task types (spark_jar_task, notebook_task, ...). */
  private static final List<Method> TASK_TYPES =
      Arrays.stream(Task.class.getMethods())
          .filter(m -> m.getName().startsWith("get") && m.getParameterCount() == 0)
          .filter(m -> m.getReturnType().getSimpleName().endsWith("Task"))
          .toList();

  private JobStructure() {}

  static List<String> problems(JobSettings job) {
    List<String> problems = new ArrayList<>();
    if (job.getName() == null || job.getName().isBlank()) {
      problems.add("no name");
    }
    Map<String, ClusterSpec> clusters = new LinkedHashMap<>();
    for (JobCluster cluster : listOf(job.getJobClusters())) {
      String key = cluster.getJobClusterKey();
      if (clusters.put(key, cluster.getNewCluster()) != null) {
        problems.add("job_cluster_key " + key + " twice");
      }
      problems.addAll(
          clusterProblems("job_clusters[" + key + "].new_cluster", cluster.getNewCluster()));
    }
    if (job.getSchedule() != null
        && (job.getSchedule().getQuartzCronExpression() == null
            || job.getSchedule().getTimezoneId() == null)) {
      problems.add("schedule needs quartz_cron_expression and timezone_id");
    }
    List<Task> tasks = listOf(job.getTasks());
    if (tasks.isEmpty()) {
      problems.add("no tasks");
    }
    Set<String> keys = new HashSet<>();
    Map<String, List<String>> edges = new HashMap<>();
    for (Task task : tasks) {
      String key = task.getTaskKey();
      if (key == null || key.isBlank()) {
        problems.add("a task without task_key");
      } else if (!keys.add(key)) {
        problems.add("task_key " + key + " twice");
      }
      List<String> types = typesOf(task);
      if (types.size() != 1) {
        problems.add("tasks[" + key + "]: needs exactly one task type, has " + types);
      }
      List<String> deps =
          listOf(task.getDependsOn()).stream().map(TaskDependency::getTaskKey).toList();
      edges.put(key, deps);
      if (task.getJobClusterKey() != null && !clusters.containsKey(task.getJobClusterKey())) {
        problems.add(
            "tasks["
                + key
                + "].job_cluster_key "
                + task.getJobClusterKey()
                + ": not in job_clusters");
      }
      if (task.getNewCluster() != null) {
        problems.addAll(clusterProblems("tasks[" + key + "].new_cluster", task.getNewCluster()));
      }
      if (task.getSparkJarTask() != null
          && (task.getSparkJarTask().getMainClassName() == null
              || task.getSparkJarTask().getMainClassName().isBlank())) {
        problems.add("tasks[" + key + "].spark_jar_task: no main_class_name");
      }
    }
    edges.forEach(
        (task, deps) -> {
          for (String dep : deps) {
            if (!edges.containsKey(dep)) {
              problems.add("tasks[" + task + "].depends_on " + dep + ": no such task");
            }
          }
        });
    List<String> cycle = cycle(edges);
    if (!cycle.isEmpty()) {
      problems.add("depends_on cycle: " + String.join(" -> ", cycle));
    }
    return problems;
  }

  private static List<String> clusterProblems(String where, ClusterSpec cluster) {
    List<String> problems = new ArrayList<>();
    if (cluster == null || cluster.getSparkVersion() == null) {
      problems.add(where + ": no spark_version");
      return problems;
    }
    Map<String, String> env =
        cluster.getSparkEnvVars() == null ? Map.of() : cluster.getSparkEnvVars();
    env.forEach(
        (name, value) -> {
          if (value.contains("{{") && !SECRET.matcher(value).matches()) {
            problems.add(
                where
                    + ".spark_env_vars."
                    + name
                    + ": write a secret as {{secrets/<scope>/<key>}}");
          }
        });
    return problems;
  }

  private static List<String> typesOf(Task task) {
    List<String> types = new ArrayList<>();
    for (Method getter : TASK_TYPES) {
      try {
        if (getter.invoke(task) != null) {
          types.add(getter.getReturnType().getSimpleName());
        }
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException(e);
      }
    }
    types.sort(null);
    return types;
  }

  /** A dependency cycle (first node repeated at the end), or empty. */
  static List<String> cycle(Map<String, List<String>> edges) {
    Map<String, Boolean> done = new HashMap<>(); // false while on the current path
    for (String start : edges.keySet()) {
      List<String> found = visit(start, edges, done, new ArrayList<>());
      if (!found.isEmpty()) {
        return found;
      }
    }
    return List.of();
  }

  private static List<String> visit(
      String node, Map<String, List<String>> edges, Map<String, Boolean> done, List<String> path) {
    Boolean state = done.get(node);
    if (Boolean.TRUE.equals(state)) {
      return List.of();
    }
    if (Boolean.FALSE.equals(state)) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
      cycle.add(node);
      return cycle;
    }
    done.put(node, false);
    path.add(node);
    for (String next : edges.getOrDefault(node, List.of())) {
      List<String> found = visit(next, edges, done, path);
      if (!found.isEmpty()) {
        return found;
      }
    }
    path.remove(path.size() - 1);
    done.put(node, true);
    return List.of();
  }

  static <T> List<T> listOf(Collection<T> items) {
    return items == null ? List.of() : List.copyOf(items);
  }
}
