package io.anomalypipe.common.mlflow;

import io.anomalypipe.common.config.ConfigReader;
import io.anomalypipe.common.config.InvalidConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The {@code pipeline.mlflow} section: which tracking server, experiment, registered model and
 * alias, the <em>names</em> of the environment variables that hold credentials (never the
 * credentials), and timeouts. {@link #endpoint} reads the variables when a connection is opened.
 *
 * @param trackingUri {@code http(s)://host:port[/path]} of a tracking server, or {@code databricks}
 *     (the workspace named by {@code databricksHostEnv})
 * @param experimentName the experiment training runs are logged to
 * @param registeredModelName the registered model new versions go to
 * @param alias the alias the training job moves to a new version and the scorer loads by default
 * @param usernameEnv variable holding the user of a secured server (HTTP basic)
 * @param passwordEnv variable holding that user's password
 * @param databricksHostEnv variable holding the workspace URL when {@code trackingUri} is {@code
 *     databricks}
 * @param databricksTokenEnv variable holding the Databricks token
 * @param connectTimeout how long to wait for a TCP/TLS connection
 * @param requestTimeout how long one REST call or artifact transfer may take
 * @param registrationTimeout how long to wait for a new model version to become READY
 */
public record MlflowSettings(
    String trackingUri,
    String experimentName,
    String registeredModelName,
    String alias,
    String usernameEnv,
    String passwordEnv,
    String databricksHostEnv,
    String databricksTokenEnv,
    Duration connectTimeout,
    Duration requestTimeout,
    Duration registrationTimeout) {

  /** The tracking URI that means "the Databricks workspace of the environment". */
  public static final String DATABRICKS = "databricks";

  private static final String SECTION = "pipeline.mlflow";

  /** Reads and validates the {@code pipeline.mlflow} section. */
  public static MlflowSettings fromConfig(ConfigReader pipeline) {
    ConfigReader mlflow = pipeline.section("mlflow");
    ConfigReader credentials = mlflow.section("credentials");
    String trackingUri = mlflow.nonBlankString("tracking-uri").strip();
    checkTrackingUri(mlflow.fullKey("tracking-uri"), trackingUri);
    String modelName = mlflow.nonBlankString("registered-model-name");
    RegistryNames.modelNameProblem(modelName)
        .ifPresent(
            problem -> {
              throw new InvalidConfigException(
                  mlflow.fullKey("registered-model-name"), modelName, problem);
            });
    String alias = mlflow.string("alias");
    RegistryNames.aliasProblem(alias)
        .ifPresent(
            problem -> {
              throw new InvalidConfigException(mlflow.fullKey("alias"), alias, problem);
            });
    return new MlflowSettings(
        trackingUri,
        mlflow.nonBlankString("experiment-name"),
        modelName,
        alias,
        credentials.nonBlankString("username-env"),
        credentials.nonBlankString("password-env"),
        credentials.nonBlankString("databricks-host-env"),
        credentials.nonBlankString("databricks-token-env"),
        mlflow.positiveDuration("connect-timeout"),
        mlflow.positiveDuration("request-timeout"),
        mlflow.positiveDuration("registration-timeout"));
  }

  /** True when the tracking URI is {@code databricks}. */
  public boolean isDatabricks() {
    return DATABRICKS.equals(trackingUri);
  }

  /**
   * The server and its credentials, read through {@code environment} (normally {@code
   * System::getenv}). A half-given pair or a missing Databricks variable fails naming the variable,
   * never showing a value.
   */
  public MlflowEndpoint endpoint(UnaryOperator<String> environment) {
    if (isDatabricks()) {
      String host = required(environment, databricksHostEnv);
      String token = required(environment, databricksTokenEnv);
      String url = host.contains("://") ? host : "https://" + host;
      URI workspace = parseHttpUri(url);
      if (workspace == null) {
        throw InvalidConfigException.withMessage(
            SECTION + ".credentials",
            "The environment variable "
                + databricksHostEnv
                + " = '"
                + host
                + "' is not a workspace URL like https://adb-123.4.azuredatabricks.net");
      }
      return MlflowEndpoint.databricks(withoutTrailingSlash(workspace), token, databricksTokenEnv);
    }
    URI host = withoutTrailingSlash(parseHttpUri(trackingUri));
    String username = blankToNull(environment.apply(usernameEnv));
    String password = blankToNull(environment.apply(passwordEnv));
    if (username == null && password == null) {
      return MlflowEndpoint.anonymous(host);
    }
    if (username == null || password == null) {
      throw InvalidConfigException.withMessage(
          SECTION + ".credentials",
          "MLflow credentials are half set: "
              + (username == null ? passwordEnv : usernameEnv)
              + " is set but "
              + (username == null ? usernameEnv : passwordEnv)
              + " is not (named by "
              + SECTION
              + ".credentials); set both or neither");
    }
    return MlflowEndpoint.basic(host, username, password, usernameEnv, passwordEnv);
  }

  private static void checkTrackingUri(String key, String value) {
    if (value.equals(DATABRICKS)) {
      return;
    }
    int authorityStart = value.indexOf("://") + 3;
    if (authorityStart > 2) {
      int slash = value.indexOf('/', authorityStart);
      String authority = value.substring(authorityStart, slash < 0 ? value.length() : slash);
      int at = authority.lastIndexOf('@');
      if (at >= 0) {
        // never echo credentials written into the URI
        throw new InvalidConfigException(
            key,
            value.substring(0, authorityStart)
                + "<redacted>"
                + value.substring(authorityStart + at),
            "credentials do not belong in the URI: set the environment variables named by "
                + SECTION
                + ".credentials");
      }
    }
    if (parseHttpUri(value) == null) {
      String lower = value.toLowerCase(Locale.ROOT);
      String hint =
          lower.startsWith("databricks")
              ? "only 'databricks' (the workspace registry) is supported, not profiles or"
                  + " 'databricks-uc'"
              : "expected http(s)://host[:port][/path] of a tracking server, or 'databricks';"
                  + " local file and database stores need Python and are not supported";
      throw new InvalidConfigException(key, value, hint);
    }
  }

  /** An absolute http(s) URI with a host and no query, or null. */
  private static URI parseHttpUri(String value) {
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      boolean ok =
          (scheme.equals("http") || scheme.equals("https"))
              && uri.getHost() != null
              && uri.getRawQuery() == null
              && uri.getRawFragment() == null
              && uri.getRawUserInfo() == null;
      return ok ? uri : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static URI withoutTrailingSlash(URI uri) {
    String text = uri.toString();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    return URI.create(text);
  }

  private static String required(UnaryOperator<String> environment, String variable) {
    String value = blankToNull(environment.apply(variable));
    if (value == null) {
      throw InvalidConfigException.withMessage(
          SECTION + ".credentials",
          "tracking-uri 'databricks' needs the environment variable "
              + variable
              + " (named by "
              + SECTION
              + ".credentials), but it is not set");
    }
    return value.strip();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
