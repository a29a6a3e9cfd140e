package dev.dropscope.etl.run;

/** A source cannot be read right now (down, timing out, refusing); the message says which. */
public final class SourceUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  public SourceUnavailableException(String message) {
    super(message);
  }

  public SourceUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
