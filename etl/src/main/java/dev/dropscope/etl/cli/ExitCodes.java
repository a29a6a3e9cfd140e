package dev.dropscope.etl.cli;

/** The ETL's exit codes; every {@code --help} and docs/etl.md list them. */
public final class ExitCodes {
  /** The command did what it was asked. */
  public static final int OK = 0;

  /** reconcile found a difference between Prometheus and PostgreSQL. */
  public static final int DIFFERENCES = 1;

  /** Bad flags or configuration: the message says which key and what was expected. */
  public static final int USAGE = 2;

  /** Prometheus, the journal or PostgreSQL stayed unavailable through every retry. */
  public static final int UNAVAILABLE = 3;

  /** Anything else; the log says what. */
  public static final int FAILED = 4;

  /** The exit-code table every {@code --help} ends with. */
  public static final String FOOTER =
      "%nExit codes:%n"
          + "  0  done%n"
          + "  1  reconcile found differences%n"
          + "  2  bad flags or configuration%n"
          + "  3  Prometheus, the journal or PostgreSQL stayed unavailable through every retry%n"
          + "  4  any other failure (see the log)";

  private ExitCodes() {}
}
