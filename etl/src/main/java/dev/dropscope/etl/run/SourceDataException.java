package dev.dropscope.etl.run;

/**
 * A source holds data that cannot be loaded as it is, such as a corrupt journal segment: retrying
 * does not help, an operator has to act. What could be loaded is kept; the run fails with exit code
 * 4 and the message says what is wrong, where, and what to do.
 */
public final class SourceDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SourceDataException(String message) {
    super(message);
  }

  public SourceDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
