package io.anomalypipe.common.mlflow;

import io.anomalypipe.common.job.JobDescription;
import io.anomalypipe.common.job.JobLauncher;
import java.util.List;

/**
 * A minimal job for {@link MlflowUnreachableServerTest}: opens an MLflow connection through the
 * same {@link JobLauncher} shell as the real jobs, so the test sees the real exit code and output.
 */
public final class MlflowPreflightMain {

  private MlflowPreflightMain() {}

  public static void main(String[] args) {
    JobLauncher.launch(
        new JobDescription(
            "mlflow-preflight", "gold", "mlflow-preflight [--key value]", List.of("mlflow")),
        args,
        MlflowSettings::fromConfig,
        (settings, runId) -> {
          try (MlflowConnection connection = MlflowConnection.open(settings, System::getenv)) {
            System.out.println("connected to " + connection.endpoint().describe());
          }
        });
  }
}
