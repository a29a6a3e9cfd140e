package dev.dropscope.etl.prometheus;

/**
 * An answer with {@code "status":"error"}: Prometheus' {@code errorType} ({@code bad_data}, {@code
 * execution}, {@code timeout}, {@code canceled}, {@code internal}, {@code unavailable}) and
 * message.
 */
final class ApiErrorException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String errorType;

  ApiErrorException(String errorType, String message) {
    super(message);
    this.errorType = errorType;
  }

  String errorType() {
    return errorType;
  }

  /** Whether the query loaded more samples than the server's {@code --query.max-samples}. */
  boolean tooManySamples() {
    String m = getMessage();
    return m != null && m.contains("too many samples");
  }
}
