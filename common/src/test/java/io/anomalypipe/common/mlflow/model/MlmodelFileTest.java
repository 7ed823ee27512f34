package io.anomalypipe.common.mlflow.model;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MlmodelFileTest {

  static ModelArtifact artifact(byte[] data) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("threshold", 0.6125);
    metadata.put("big", 1e10);
    metadata.put("tiny", 2.5e-7);
    metadata.put("trees", 100);
    metadata.put("smile_version", "3.1.1");
    metadata.put("note", "héllo ✓");
    metadata.put("features", List.of("value", "hour"));
    return new ModelArtifact(
        "test_flavor",
        Map.of("format", "test-format-v1"),
        "model.bin",
        data,
        new ModelSignature(
            List.of(
                new ColumnSpec("value", "double"),
                new ColumnSpec("hour", "long"),
                new ColumnSpec("kind", "string")),
            List.of(new ColumnSpec("anomaly_score", "double"))),
        List.of(List.of(12.5, 3L, "click"), Arrays.asList(900.0, 23L, null)),
        metadata);
  }

  @Test
  void numbersAreWrittenSoThatYaml11ReadsThemAsNumbers() {
    assertThat(MlmodelFile.yamlSafe(0.6)).isEqualTo("0.6");
    assertThat(MlmodelFile.yamlSafe(3.0)).isEqualTo("3.0");
    assertThat(MlmodelFile.yamlSafe(1e10)).isEqualTo("1.0e+10");
    assertThat(MlmodelFile.yamlSafe(-2.5e-7)).isEqualTo("-2.5e-7");
  }

  @Test
  void whatIsRenderedParsesBackForTheFlavor() {
    byte[] mlmodel =
        MlmodelFile.render(
            artifact(new byte[] {1, 2, 3}),
            "run-1",
            "model",
            "ab".repeat(32),
            "uuid-1",
            Instant.parse("2026-01-02T03:04:05.123456Z"));

    String text = new String(mlmodel, UTF_8);
    assertThat(text)
        .contains("\"big\" : 1.0e+10")
        .contains("\"utc_time_created\" : \"2026-01-02 03:04:05.123456\"")
        .contains("h\\u00E9llo \\u2713");
    ModelDescriptor descriptor = MlmodelFile.parse(mlmodel, "test_flavor", "runs:/run-1/model");
    assertThat(descriptor.flavor()).isEqualTo("test_flavor");
    assertThat(descriptor.dataFileName()).isEqualTo("model.bin");
    assertThat(descriptor.flavorProperties())
        .containsExactly(Map.entry("format", "test-format-v1"));
    assertThat(descriptor.signature().inputNames()).containsExactly("value", "hour", "kind");
    assertThat(descriptor.signature().inputTypes()).containsExactly("double", "long", "string");
    assertThat(descriptor.signature().outputs())
        .containsExactly(new ColumnSpec("anomaly_score", "double"));
    assertThat(descriptor.metadataNumber("threshold")).isEqualTo(0.6125);
    assertThat(descriptor.metadataNumber("big")).isEqualTo(1e10);
    assertThat(descriptor.metadataString("note")).contains("héllo ✓");
    assertThat(descriptor.metadata()).doesNotContainKey(MlmodelFile.DATA_SHA256_KEY);
    assertThat(descriptor.dataSha256()).isEqualTo("ab".repeat(32));
    assertThat(descriptor.runId()).isEqualTo("run-1");
    assertThat(descriptor.artifactPath()).isEqualTo("model");
    assertThat(descriptor.modelUuid()).isEqualTo("uuid-1");
  }

  @Test
  void anotherFlavorOrAnUnparsableFileIsAFormatError() {
    byte[] mlmodel =
        MlmodelFile.render(artifact(new byte[0]), "r", "model", "00", "u", Instant.EPOCH);

    assertThatThrownBy(() -> MlmodelFile.parse(mlmodel, "sklearn", "models:/m/1"))
        .isInstanceOf(ModelFormatException.class)
        .hasMessage("models:/m/1 is not a 'sklearn' model (its MLmodel has flavors [test_flavor])");
    assertThatThrownBy(
            () -> MlmodelFile.parse("flavors:\n  x: {}\n".getBytes(UTF_8), "x", "models:/m/2"))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageStartingWith(
            "models:/m/2: its MLmodel is not in the JSON form this pipeline writes");
  }

  @Test
  void theArtifactRefusesWhatMlmodelCannotHold() {
    ModelArtifact valid = artifact(new byte[0]);
    assertThatThrownBy(
            () ->
                new ModelArtifact(
                    "f", Map.of(), "MLmodel", new byte[0], valid.signature(), List.of(), Map.of()))
        .hasMessageContaining("data file name 'MLmodel'");
    assertThatThrownBy(
            () ->
                new ModelArtifact(
                    "f",
                    Map.of(),
                    "m.bin",
                    new byte[0],
                    valid.signature(),
                    List.of(),
                    Map.of("threshold", Double.NaN)))
        .hasMessage("metadata 'threshold' must be a finite number, not NaN");
    assertThatThrownBy(
            () ->
                new ModelArtifact(
                    "f",
                    Map.of(),
                    "m.bin",
                    new byte[0],
                    valid.signature(),
                    List.of(List.of(1.0)),
                    Map.of()))
        .hasMessage("input example row [1.0] has 1 values, the signature 3");
  }
}
