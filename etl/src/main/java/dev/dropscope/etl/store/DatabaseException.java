package dev.dropscope.etl.store;

/** The database cannot be reached, migrated or written; the message says which and why. */
public final class DatabaseException extends Exception {
  private static final long serialVersionUID = 1L;

  public DatabaseException(String message) {
    super(message);
  }

  public DatabaseException(String message, Throwable cause) {
    super(message, cause);
  }
}
