package io.anomalypipe.common.mlflow.artifacts;

import io.anomalypipe.common.mlflow.MlflowEndpoint;
import io.anomalypipe.common.mlflow.MlflowRestClient;
import io.anomalypipe.common.testing.MlflowServerExtension;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtendWith;

/** The artifact proxy of the real local MLflow server ({@code mlflow-artifacts:} locations). */
@ExtendWith(MlflowServerExtension.class)
class ProxyArtifactStoreTest extends ArtifactStoreContract {

  @Override
  ArtifactStore newStore() {
    MlflowRestClient rest =
        new MlflowRestClient(
            MlflowEndpoint.anonymous(URI.create(MlflowServerExtension.trackingUri())),
            Duration.ofSeconds(10),
            Duration.ofSeconds(60));
    // the proxy does not check that a path belongs to a run: a unique folder per store is enough
    return new ProxyArtifactStore(
        rest, "mlflow-artifacts:/store-tests/" + UUID.randomUUID() + "/artifacts");
  }
}
