package dev.dropscope.grafana.query;

import dev.dropscope.grafana.model.Datasource;

/**
 * One query of a provisioned dashboard, as Grafana will send it (before variables and macros are
 * expanded).
 *
 * @param query the PromQL {@code expr} or the {@code rawSql}
 * @param format {@code time_series} or {@code table}
 * @param instant for PromQL, whether Grafana runs it as an instant query
 */
public record QueryTarget(
    String dashboardUid,
    int panelId,
    String panelTitle,
    String panelType,
    String refId,
    Datasource datasource,
    String query,
    String format,
    boolean instant) {

  /** {@code dropscope-host / panel 3 "CPU busy" / A}, for messages. */
  public String where() {
    return dashboardUid + " / panel " + panelId + " \"" + panelTitle + "\" / " + refId;
  }

  public boolean isTimeSeries() {
    return "time_series".equals(format);
  }
}
