package io.anomalypipe.generator;

/** Some records could not be sent; carries the summary of what was. */
public final class GenerationFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient GenerationSummary summary;

  public GenerationFailedException(GenerationSummary summary, Throwable firstError) {
    super(message(summary, firstError), firstError);
    this.summary = summary;
  }

  private static String message(GenerationSummary summary, Throwable firstError) {
    String what =
        summary.failed() > 0
            ? summary.failed() + " of " + summary.sent() + " records could not be sent"
            : "Stopped after " + summary.sent() + " records";
    return what + " to topic " + summary.topic() + "; first error: " + firstError;
  }

  public GenerationSummary summary() {
    return summary;
  }
}
