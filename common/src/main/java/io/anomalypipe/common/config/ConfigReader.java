package io.anomalypipe.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Typed, validated reads of one config section. Every failure is an {@link InvalidConfigException}
 * naming the full key and the value found, so that a job's config record can be built in one pass
 * of plain calls and fail at start-up.
 */
public final class ConfigReader {

  private final Config config;
  private final String path;

  private ConfigReader(Config config, String path) {
    this.config = config;
    this.path = path;
  }

  /** A reader over the resolved {@code pipeline} section. */
  public static ConfigReader of(Config pipeline) {
    return new ConfigReader(pipeline, PipelineConfigLoader.ROOT);
  }

  public ConfigReader section(String key) {
    return new ConfigReader(read(key, () -> config.getConfig(key)), fullKey(key));
  }

  public String fullKey(String key) {
    return path + "." + key;
  }

  public String string(String key) {
    return read(key, () -> config.getString(key));
  }

  public String nonBlankString(String key) {
    String value = string(key);
    if (value.isBlank()) {
      throw new InvalidConfigException(fullKey(key), value, "must not be empty");
    }
    return value;
  }

  /** An optional string: the empty string in the config means "not set". */
  public Optional<String> optionalString(String key) {
    String value = string(key);
    return value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  public boolean bool(String key) {
    return read(key, () -> config.getBoolean(key));
  }

  public int intInRange(String key, int min, int max) {
    int value = read(key, () -> config.getInt(key));
    if (value < min || value > max) {
      throw new InvalidConfigException(
          fullKey(key), value, "must be between " + min + " and " + max);
    }
    return value;
  }

  public long longAtLeast(String key, long min) {
    long value = read(key, () -> config.getLong(key));
    if (value < min) {
      throw new InvalidConfigException(fullKey(key), value, "must be at least " + min);
    }
    return value;
  }

  public double doubleInRange(String key, double min, double max) {
    double value = read(key, () -> config.getDouble(key));
    if (!(value >= min && value <= max)) {
      throw new InvalidConfigException(
          fullKey(key), value, "must be between " + min + " and " + max);
    }
    return value;
  }

  public Duration positiveDuration(String key) {
    Duration value = read(key, () -> config.getDuration(key));
    if (value.isNegative() || value.isZero()) {
      throw new InvalidConfigException(fullKey(key), value, "must be a positive duration");
    }
    return value;
  }

  /** A duration of zero or more: for settings where 0 means "none" (a jitter, a delay). */
  public Duration nonNegativeDuration(String key) {
    Duration value = read(key, () -> config.getDuration(key));
    if (value.isNegative()) {
      throw new InvalidConfigException(fullKey(key), value, "must not be negative");
    }
    return value;
  }

  /** One of the enum's constants, matched by its {@code toString} ignoring case. */
  public <E extends Enum<E>> E oneOf(String key, Class<E> type) {
    String value = string(key);
    for (E constant : type.getEnumConstants()) {
      if (constant.toString().equalsIgnoreCase(value)) {
        return constant;
      }
    }
    throw new InvalidConfigException(
        fullKey(key),
        value,
        "expected one of "
            + Arrays.stream(type.getEnumConstants())
                .map(Object::toString)
                .collect(Collectors.joining(", ")));
  }

  /** A list, given either as a HOCON list or as one comma-separated string (as flags give it). */
  public List<String> stringList(String key) {
    ConfigValue value = read(key, () -> config.getValue(key));
    List<String> items =
        value.valueType() == ConfigValueType.LIST
            ? read(key, () -> config.getStringList(key))
            : Arrays.asList(string(key).split(","));
    return items.stream().map(String::strip).filter(item -> !item.isEmpty()).toList();
  }

  /** A free-form map of string settings (e.g. Spark conf), flattened to dotted keys. */
  public Map<String, String> stringMap(String key) {
    Config section = read(key, () -> config.getConfig(key));
    Map<String, String> values = new LinkedHashMap<>();
    section.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            entry ->
                values.put(
                    String.join(".", ConfigUtil.splitPath(entry.getKey())),
                    String.valueOf(entry.getValue().unwrapped())));
    return values;
  }

  private <T> T read(String key, java.util.function.Supplier<T> reader) {
    try {
      return reader.get();
    } catch (ConfigException.Missing e) {
      throw InvalidConfigException.withMessage(
          fullKey(key), "Missing config key '" + fullKey(key) + "'");
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      Object found = config.hasPath(key) ? config.getValue(key).unwrapped() : null;
      throw new InvalidConfigException(fullKey(key), found, describe(e));
    }
  }

  private static String describe(ConfigException e) {
    String message = e.getMessage();
    int colon = message.lastIndexOf(": ");
    return (colon >= 0 ? message.substring(colon + 2) : message).toLowerCase(Locale.ROOT);
  }
}
