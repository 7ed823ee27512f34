package io.anomalypipe.common.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The command line every job and tool accepts: {@code --help}, {@code --config <profile file>} and
 * any number of {@code --<key> <value>} overrides, keys relative to {@code pipeline}.
 */
public record CommandLine(boolean help, Optional<Path> profile, Map<String, String> overrides) {

  public CommandLine {
    overrides = Map.copyOf(overrides);
  }

  public static CommandLine parse(String... args) {
    boolean help = false;
    Path profile = null;
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
        profile = Path.of(value);
      } else {
        overrides.put(key, value);
      }
    }
    return new CommandLine(help, Optional.ofNullable(profile), overrides);
  }
}
