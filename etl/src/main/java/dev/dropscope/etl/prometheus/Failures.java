package dev.dropscope.etl.prometheus;

import dev.dropscope.etl.store.DatabaseException;
import java.sql.SQLException;

/** Sorts PostgreSQL failures into the ones a retry can cure and the ones it cannot. */
final class Failures {
  private Failures() {}

  /**
   * A {@link DatabaseException} (worth a retry) for a lost connection, a server shutting down or
   * starting, exhausted resources, a serialization failure, a deadlock, or a concurrent load of the
   * same samples.
   *
   * @throws IllegalStateException for anything else: a retry would fail the same way
   */
  static DatabaseException database(SQLException e, String what) {
    String state = e.getSQLState();
    String message = "PostgreSQL failed while " + what + ": " + e.getMessage();
    if (state == null
        || state.startsWith("08") // connection exception
        || state.startsWith("53") // insufficient resources
        || state.startsWith("57P") // admin shutdown, crash shutdown, cannot connect now
        || state.equals("40001") // serialization failure
        || state.equals("23505") // a concurrent load of the same window won
        || state.equals("40P01")) { // deadlock
      return new DatabaseException(message, e);
    }
    throw new IllegalStateException(message + " (SQLSTATE " + state + ")", e);
  }
}
