package dev.dropscope.grafana.model;

/** How a SQL target's rows are read: as time series (a {@code time} column) or as a table. */
public enum Format {
  TIME_SERIES("time_series"),
  TABLE("table");

  private final String id;

  Format(String id) {
    this.id = id;
  }

  /** The value of the target's {@code format} in the dashboard JSON. */
  public String id() {
    return id;
  }
}
