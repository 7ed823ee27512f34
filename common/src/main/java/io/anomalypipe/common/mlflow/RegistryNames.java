package io.anomalypipe.common.mlflow;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules MLflow 3.17 applies to registered model names and aliases, checked here first so that a
 * bad name fails at start-up (config) or at parse time (model URIs) with the value in the message,
 * not half-way through a registration.
 */
public final class RegistryNames {

  private static final Pattern ALIAS = Pattern.compile("[\\w\\-]{1,255}");
  private static final Pattern VERSION_LIKE = Pattern.compile("[vV]\\d+");

  private RegistryNames() {}

  /** Why {@code name} is not a valid registered model name, or empty if it is. */
  public static Optional<String> modelNameProblem(String name) {
    if (name == null || name.isBlank()) {
      return Optional.of("a registered model name must not be empty");
    }
    if (name.contains("/") || name.contains(":") || name.contains("@")) {
      return Optional.of("a registered model name cannot contain '/', ':' or '@'");
    }
    if (!name.equals(name.strip())) {
      return Optional.of("a registered model name cannot start or end with white space");
    }
    return Optional.empty();
  }

  /** Why {@code alias} is not a valid model alias, or empty if it is. */
  public static Optional<String> aliasProblem(String alias) {
    if (alias == null || !ALIAS.matcher(alias).matches()) {
      return Optional.of(
          "an alias is 1 to 255 letters, digits, underscores or hyphens (e.g. champion)");
    }
    if (alias.toLowerCase(Locale.ROOT).equals("latest") || VERSION_LIKE.matcher(alias).matches()) {
      return Optional.of("'latest' and version names like 'v3' are reserved by MLflow");
    }
    return Optional.empty();
  }
}
