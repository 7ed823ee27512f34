package io.anomalypipe.common.config;

/**
 * A configuration problem found at start-up. The message always names the full key and the value
 * that was given, so the person running the job can fix it without reading code.
 */
public final class InvalidConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String key;

  public InvalidConfigException(String key, Object value, String expectation) {
    super("Invalid config '" + key + "' = '" + value + "': " + expectation);
    this.key = key;
  }

  private InvalidConfigException(String key, String message) {
    super(message);
    this.key = key;
  }

  /** A problem that is not about one value (a missing file, an unknown key, a bad flag). */
  public static InvalidConfigException withMessage(String key, String message) {
    return new InvalidConfigException(key, message);
  }

  public String key() {
    return key;
  }
}
