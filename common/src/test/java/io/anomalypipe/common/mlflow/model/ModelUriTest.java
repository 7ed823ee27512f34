package io.anomalypipe.common.mlflow.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelUriTest {

  @Test
  void parsesTheThreeForms() {
    assertThat(ModelUri.parse("models:/fraud-if@champion"))
        .isEqualTo(new ModelUri.Alias("fraud-if", "champion"));
    assertThat(ModelUri.parse("models:/fraud.if_2/17"))
        .isEqualTo(new ModelUri.Version("fraud.if_2", 17));
    assertThat(ModelUri.parse(" runs:/0123abcd/model/forest "))
        .isEqualTo(new ModelUri.RunArtifact("0123abcd", "model/forest"));
  }

  @Test
  void toStringGivesTheCanonicalUriBack() {
    for (String uri :
        new String[] {"models:/m@champion", "models:/m/3", "runs:/ab12/model", "runs:/ab/a/b"}) {
      assertThat(ModelUri.parse(uri)).hasToString(uri);
    }
    assertThat(ModelUri.parse("runs:/ab12/model/")).hasToString("runs:/ab12/model");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "models:/m | no version or alias",
        "models:/m/ | version '' is not a positive number",
        "models:/m/latest | stages and 'latest' are not supported",
        "models:/m/Production | version 'Production' is not a positive number",
        "models:/m/0 | version '0' is not a positive number",
        "models:/m/1/2 | too many '/' parts",
        "models:/m@latest | bad alias 'latest'",
        "models:/m@ | bad alias ''",
        "models:/@champion | bad model name ''",
        "models://host/m/1 | models:// with a registry host is not supported",
        "runs:/ | run id '' is not valid",
        "runs:/abc | no artifact path after the run id",
        "runs:/abc/ | no artifact path after the run id",
        "runs:/abc/../other | '..' segments are not allowed",
        "runs://host/abc/model | runs:// with a tracking host is not supported",
        "s3://bucket/model | unknown scheme",
        "/tmp/model | unknown scheme",
      })
  void rejectsWithTheValueAndTheProblem(String uri, String problem) {
    assertThatThrownBy(() -> ModelUri.parse(uri))
        .isInstanceOf(InvalidModelUriException.class)
        .hasMessageStartingWith("Invalid model URI '" + uri + "': ")
        .hasMessageContaining(problem)
        .hasMessageEndingWith(
            "(expected models:/<name>@<alias>, models:/<name>/<version> or runs:/<run_id>/<path>)");
  }

  @Test
  void emptyIsRejected() {
    assertThatThrownBy(() -> ModelUri.parse(""))
        .isInstanceOf(InvalidModelUriException.class)
        .hasMessageStartingWith("Invalid model URI '': it is empty");
    assertThatThrownBy(() -> ModelUri.parse(null))
        .isInstanceOf(InvalidModelUriException.class)
        .hasMessageStartingWith("Invalid model URI 'null': it is empty");
  }
}
