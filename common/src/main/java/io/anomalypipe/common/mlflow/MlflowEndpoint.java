package io.anomalypipe.common.mlflow;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

/**
 * Where the tracking server is and how to authenticate to it: anonymously, with a user and password
 * (HTTP basic, e.g. MLflow's {@code basic-auth} app), or with a Databricks token (bearer).
 *
 * <p>Not a record on purpose: no accessor and no {@link #toString()} hands out the password or the
 * token. They leave this object only as an HTTP header or as the MLflow client's credentials, and
 * {@link #redact(String)} removes them from any text that might have picked them up.
 */
public final class MlflowEndpoint {

  private final String trackingUri;
  private final URI host;
  private final String username;
  private final String password;
  private final String token;
  private final String credentialSource;

  private MlflowEndpoint(
      String trackingUri,
      URI host,
      String username,
      String password,
      String token,
      String credentialSource) {
    this.trackingUri = Objects.requireNonNull(trackingUri, "trackingUri");
    this.host = Objects.requireNonNull(host, "host");
    this.username = username;
    this.password = password;
    this.token = token;
    this.credentialSource = credentialSource;
  }

  /** A server that needs no credentials (the local one). */
  public static MlflowEndpoint anonymous(URI host) {
    return new MlflowEndpoint(host.toString(), host, null, null, null, "no credentials");
  }

  /**
   * HTTP basic authentication; {@code usernameEnv} and {@code passwordEnv} name the variables the
   * values came from, for error messages.
   */
  public static MlflowEndpoint basic(
      URI host, String username, String password, String usernameEnv, String passwordEnv) {
    return new MlflowEndpoint(
        host.toString(),
        host,
        Objects.requireNonNull(username, "username"),
        Objects.requireNonNull(password, "password"),
        null,
        "user '" + username + "' (from " + usernameEnv + " / " + passwordEnv + ")");
  }

  /** A Databricks workspace with a personal access or service-principal token (bearer). */
  public static MlflowEndpoint databricks(URI workspace, String token, String tokenEnv) {
    return new MlflowEndpoint(
        "databricks",
        workspace,
        null,
        null,
        Objects.requireNonNull(token, "token"),
        "the Databricks token from " + tokenEnv);
  }

  /** The tracking URI as configured: {@code http(s)://...} or {@code databricks}. */
  public String trackingUri() {
    return trackingUri;
  }

  /** The HTTP(S) base every REST path is appended to. */
  public URI host() {
    return host;
  }

  public Optional<String> username() {
    return Optional.ofNullable(username);
  }

  /** True when requests carry credentials. */
  public boolean hasCredentials() {
    return username != null || token != null;
  }

  /**
   * The server for messages: {@code http://127.0.0.1:15000}, or {@code databricks (https://...)}.
   */
  public String describe() {
    return trackingUri.equals(host.toString()) ? trackingUri : trackingUri + " (" + host + ")";
  }

  /** Which credentials are used, without their secret: {@code user 'alice' (from A / B)}. */
  public String credentialSource() {
    return credentialSource;
  }

  /** The value of the {@code Authorization} header, if any. */
  Optional<String> authorizationHeader() {
    if (token != null) {
      return Optional.of("Bearer " + token);
    }
    if (username != null) {
      String pair = username + ":" + password;
      return Optional.of(
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
    return Optional.empty();
  }

  /** The MLflow Java client's credentials for this endpoint. */
  BasicMlflowHostCreds hostCreds() {
    String base = host.toString();
    if (token != null) {
      return new BasicMlflowHostCreds(base, token);
    }
    if (username != null) {
      return new BasicMlflowHostCreds(base, username, password);
    }
    return new BasicMlflowHostCreds(base);
  }

  /** {@code text} with the password, the token and their basic-auth encoding replaced. */
  public String redact(String text) {
    if (text == null) {
      return null;
    }
    String safe = text;
    for (String secret : new String[] {password, token}) {
      if (secret != null && !secret.isEmpty()) {
        safe = safe.replace(secret, "<redacted>");
      }
    }
    Optional<String> header = authorizationHeader();
    if (header.isPresent()) {
      String encoded = header.get().substring(header.get().indexOf(' ') + 1);
      safe = safe.replace(encoded, "<redacted>");
    }
    return safe;
  }

  @Override
  public String toString() {
    return "MlflowEndpoint[" + describe() + ", " + credentialSource + "]";
  }
}
