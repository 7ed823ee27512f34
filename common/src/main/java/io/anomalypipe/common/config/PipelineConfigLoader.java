package io.anomalypipe.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Loads the pipeline configuration in three layers: the defaults ({@code conf/application.conf},
 * packaged as the classpath resource {@code application.conf}), an optional profile file, and the
 * command-line overrides. Substitutions such as {@code ${pipeline.storage.tables-root}} resolve
 * after merging, so an override of a root moves everything derived from it.
 *
 * <p>Every key set by a profile or a flag must exist in the defaults, except below the free-form
 * maps listed in {@link #FREE_FORM_SECTIONS}: a typo fails at start-up instead of being ignored.
 */
public final class PipelineConfigLoader {

  public static final String ROOT = "pipeline";
  static final String DEFAULTS_RESOURCE = "application.conf";

  /** Sections whose keys are passed through (Spark and Kafka settings), not checked by name. */
  static final Set<String> FREE_FORM_SECTIONS =
      Set.of("pipeline.spark.conf", "pipeline.bronze.consumer-options");

  private PipelineConfigLoader() {}

  /**
   * The variable {@code conf/local.conf} roots its folders at; when the environment does not set
   * it, a local profile's {@code ../} (the repository root for {@code conf/local.conf}), so the
   * profile works from any working directory.
   */
  static final String PIPELINE_HOME = "PIPELINE_HOME";

  /** Loads defaults + profile + overrides and returns the resolved {@code pipeline} section. */
  public static Config load(CommandLine commandLine) {
    Config defaults = defaults();
    Optional<ProfileLocation> location = commandLine.profile().map(ProfileLocation::new);
    Config profile = location.map(PipelineConfigLoader::parseProfile).orElse(null);
    Config overrides = overridesOf(commandLine.overrides());

    if (profile != null) {
      rejectUnknownKeys(profile, defaults, "profile " + commandLine.profile().get());
    }
    rejectUnknownKeys(overrides, defaults, "command line");

    Config merged = overrides;
    if (profile != null) {
      merged = merged.withFallback(profile);
    }
    merged = merged.withFallback(defaults);
    if (System.getenv(PIPELINE_HOME) == null) {
      // a config value beats the environment in HOCON's substitutions: set only when unset there
      Optional<Path> home =
          location
              .flatMap(ProfileLocation::localFile)
              .map(file -> file.toAbsolutePath().normalize().getParent())
              .map(Path::getParent);
      if (home.isPresent()) {
        merged =
            merged.withFallback(
                ConfigFactory.empty()
                    .withValue(
                        PIPELINE_HOME, ConfigValueFactory.fromAnyRef(home.get().toString())));
      }
    }
    try {
      return merged.resolve().getConfig(ROOT);
    } catch (ConfigException.UnresolvedSubstitution e) {
      throw InvalidConfigException.withMessage(ROOT, "Unresolved substitution: " + e.getMessage());
    }
  }

  /** The defaults alone, unresolved (used for help and for checking key names). */
  public static Config defaults() {
    Config defaults =
        ConfigFactory.parseResources(
            DEFAULTS_RESOURCE, ConfigParseOptions.defaults().setAllowMissing(false));
    return defaults;
  }

  private static Config parseProfile(ProfileLocation location) {
    String text = location.read();
    try {
      return ConfigFactory.parseString(
          text, ConfigParseOptions.defaults().setOriginDescription(location.given()));
    } catch (ConfigException e) {
      throw InvalidConfigException.withMessage(
          "config",
          "Config profile '" + location.given() + "' cannot be parsed: " + e.getMessage());
    }
  }

  private static Config overridesOf(Map<String, String> overrides) {
    Config config = ConfigFactory.empty();
    for (Map.Entry<String, String> override : overrides.entrySet()) {
      String key = ROOT + "." + override.getKey();
      try {
        // Values stay strings: the typed readers convert (numbers, booleans, durations, lists).
        config = config.withValue(key, ConfigValueFactory.fromAnyRef(override.getValue()));
      } catch (ConfigException.BadPath e) {
        throw InvalidConfigException.withMessage(
            key, "Flag '--" + override.getKey() + "' is not a valid config key: " + e.getMessage());
      }
    }
    return config;
  }

  private static void rejectUnknownKeys(Config layer, Config defaults, String source) {
    for (Map.Entry<String, ConfigValue> entry : layer.entrySet()) {
      String key = entry.getKey();
      if (isFreeForm(key)) {
        continue;
      }
      if (!key.startsWith(ROOT + ".")) {
        throw InvalidConfigException.withMessage(
            key,
            "Unknown config key '"
                + key
                + "' (value '"
                + entry.getValue().unwrapped()
                + "') in "
                + source
                + ": all keys live under '"
                + ROOT
                + "'");
      }
      if (!hasPathOrObject(defaults, key)) {
        throw InvalidConfigException.withMessage(
            key,
            "Unknown config key '"
                + key
                + "' (value '"
                + entry.getValue().unwrapped()
                + "') in "
                + source
                + ". Known keys nearby: "
                + siblingsOf(defaults, key));
      }
    }
  }

  private static boolean isFreeForm(String key) {
    return FREE_FORM_SECTIONS.stream().anyMatch(section -> key.startsWith(section + "."));
  }

  private static boolean hasPathOrObject(Config defaults, String key) {
    try {
      return defaults.hasPathOrNull(key);
    } catch (ConfigException e) {
      return false;
    }
  }

  private static String siblingsOf(Config defaults, String key) {
    int lastDot = key.lastIndexOf('.');
    String parent = key.substring(0, lastDot);
    while (!parent.isEmpty() && !hasPathOrObject(defaults, parent)) {
      int dot = parent.lastIndexOf('.');
      parent = dot < 0 ? "" : parent.substring(0, dot);
    }
    if (parent.isEmpty() || defaults.getValue(parent).valueType() != ConfigValueType.OBJECT) {
      return ROOT;
    }
    Set<String> names = new TreeSet<>(defaults.getObject(parent).keySet());
    String prefix = parent;
    return names.stream().map(name -> prefix + "." + name).collect(Collectors.joining(", "));
  }

  /**
   * The {@code --help} text for the given sections: each key relative to {@code pipeline}, its
   * default, and the comment written above it in {@code conf/application.conf}.
   */
  public static String help(String usage, List<String> sections) {
    Config defaults = defaults();
    Config resolved = defaults.resolve();
    StringBuilder help = new StringBuilder(usage).append("\n\n");
    help.append("Options:\n");
    help.append("  --help                 print this help and exit\n");
    help.append("  --config FILE          a profile (HOCON) layered over the defaults, e.g.")
        .append(" conf/local.conf\n");
    help.append(
        "  --<key> VALUE          set one key (relative to 'pipeline'); keys and defaults:\n");
    for (String section : sections) {
      String path = ROOT + "." + section;
      if (!resolved.hasPath(path)) {
        continue;
      }
      for (Map.Entry<String, ConfigValue> entry :
          resolved.getConfig(path).entrySet().stream()
              .sorted(Map.Entry.comparingByKey())
              .collect(Collectors.toList())) {
        String key = section + "." + entry.getKey();
        String full = ROOT + "." + key;
        List<String> comments = defaults.getValue(full).origin().comments();
        help.append("\n  --")
            .append(key)
            .append("  (default: ")
            .append(entry.getValue().render().replace("\n", " "))
            .append(")\n");
        for (String comment : comments) {
          help.append("        ").append(comment.strip()).append('\n');
        }
      }
    }
    return help.toString();
  }
}
