package io.anomalypipe.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConfigReaderTest {

  private static ConfigReader reader(String hocon) {
    return ConfigReader.of(ConfigFactory.parseString(hocon));
  }

  @Test
  void intOutOfRangeNamesKeyAndValue() {
    assertThatThrownBy(() -> reader("a { n = 70000 }").section("a").intInRange("n", 0, 100))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("Invalid config 'pipeline.a.n' = '70000': must be between 0 and 100");
  }

  @Test
  void wrongTypeNamesKeyAndValue() {
    assertThatThrownBy(() -> reader("n = abc").intInRange("n", 0, 100))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("Invalid config 'pipeline.n' = 'abc'");
  }

  @Test
  void enumListsTheAllowedValues() {
    assertThatThrownBy(() -> reader("m = sometimes").oneOf("m", TimeUnit.class))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("'pipeline.m' = 'sometimes'")
        .hasMessageContaining("expected one of NANOSECONDS");
  }

  @Test
  void stringsConvertLikeFlagsGiveThem() {
    ConfigReader reader = reader("n = \"5\", b = \"true\", d = \"250ms\", l = \"a, b,,c\"");

    assertThat(reader.intInRange("n", 0, 9)).isEqualTo(5);
    assertThat(reader.bool("b")).isTrue();
    assertThat(reader.positiveDuration("d")).isEqualTo(Duration.ofMillis(250));
    assertThat(reader.stringList("l")).containsExactly("a", "b", "c");
  }

  @Test
  void missingKeyIsNamed() {
    assertThatThrownBy(() -> reader("a = 1").string("b"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("Missing config key 'pipeline.b'");
  }

  @Test
  void aNonNegativeDurationTakesZeroButNotLess() {
    assertThat(reader("d = 0s").nonNegativeDuration("d")).isZero();
    assertThat(reader("d = 200ms").nonNegativeDuration("d")).isEqualTo(Duration.ofMillis(200));
    assertThatThrownBy(() -> reader("d = -1s").nonNegativeDuration("d"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("Invalid config 'pipeline.d' = 'PT-1S': must not be negative");
  }

  @Test
  void emptyStringIsAnAbsentOptional() {
    assertThat(reader("s = \"\"").optionalString("s")).isEmpty();
    assertThat(reader("s = x").optionalString("s")).contains("x");
  }
}
