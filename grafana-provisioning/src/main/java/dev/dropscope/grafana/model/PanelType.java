package dev.dropscope.grafana.model;

/** The Grafana panel plugins the dashboards use, all built into Grafana 11. */
public enum PanelType {
  TIMESERIES("timeseries"),
  STAT("stat"),
  GAUGE("gauge"),
  BARGAUGE("bargauge"),
  TABLE("table");

  private final String id;

  PanelType(String id) {
    this.id = id;
  }

  /** The plugin id in the dashboard JSON. */
  public String id() {
    return id;
  }

  /** Whether the panel shows one value per series (the latest), not a line over time. */
  public boolean showsLatestValue() {
    return this == BARGAUGE || this == TABLE;
  }
}
