package io.anomalypipe.common.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The command line every job and tool accepts: {@code --help}, {@code --config <profile file>} and
 * any number of {@code --<key> <value>} overrides, keys relative to {@code pipeline}.
 *
 * @param profile where the profile is, as given: a local path or a URI of any file system Spark can
 *     read ({@code s3a://}, {@code abfss://}, {@code dbfs:/}, {@code hdfs://}); see {@link
 *     ProfileLocation}
 */
public record CommandLine(boolean help, Optional<String> profile, Map<String, String> overrides) {

  public CommandLine {
    overrides = Map.copyOf(overrides);
  }

  public static CommandLine parse(String... args) {
    boolean help = false;
    String profile = null;
    Map<String, String> overrides = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        help = true;
        continue;
      }
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw InvalidConfigException.withMessage(
            arg,
            "Unexpected argument '" + arg + "': expected --help, --config FILE or --key VALUE");
      }
      if (i + 1 >= args.length) {
        throw InvalidConfigException.withMessage(
            arg, "Flag '" + arg + "' has no value: expected " + arg + " VALUE");
      }
      String key = arg.substring(2);
      String value = args[++i];
      if (key.equals("config")) {
        profile = value;
      } else {
        overrides.put(key, value);
      }
    }
    return new CommandLine(help, Optional.ofNullable(profile), overrides);
  }
}
