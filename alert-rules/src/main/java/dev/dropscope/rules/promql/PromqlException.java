package dev.dropscope.rules.promql;

/** An expression that is not valid PromQL; the message says what was expected where. */
public final class PromqlException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int position;

  PromqlException(int position, String message) {
    super(message);
    this.position = position;
  }

  /** Offset in the expression text (0-based) where parsing stopped. */
  public int position() {
    return position;
  }
}
