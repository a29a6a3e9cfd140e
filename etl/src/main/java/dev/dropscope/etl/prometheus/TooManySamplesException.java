package dev.dropscope.etl.prometheus;

/** A query would load more samples than the server allows; a shorter window will do. */
final class TooManySamplesException extends Exception {
  private static final long serialVersionUID = 1L;

  TooManySamplesException(String message) {
    super(message);
  }
}
