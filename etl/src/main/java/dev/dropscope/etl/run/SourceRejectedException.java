package dev.dropscope.etl.run;

/**
 * A source refused a request as configured: a bad selector, wrong credentials, a URL that is not
 * the API. Retrying cannot help; the message names the cause and ends with the fix.
 */
public class SourceRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SourceRejectedException(String message) {
    super(message);
  }

  public SourceRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
