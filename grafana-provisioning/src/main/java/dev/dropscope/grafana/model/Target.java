package dev.dropscope.grafana.model;

import java.util.Objects;

/**
 * One query of a panel: PromQL for {@link Datasource#PROMETHEUS}, SQL for {@link
 * Datasource#POSTGRES}.
 *
 * @param legend Prometheus legend format such as {@code {{protocol}}}; empty for SQL and for a
 *     single unnamed series
 * @param format how SQL rows are read; {@link Format#TIME_SERIES} for PromQL
 */
public record Target(Datasource datasource, String query, String legend, Format format) {
  public Target {
    Objects.requireNonNull(datasource, "datasource");
    Objects.requireNonNull(format, "format");
    if (query == null || query.isBlank()) {
      throw new IllegalArgumentException("a target needs a query");
    }
    query = query.strip();
    legend = legend == null ? "" : legend;
  }

  /** A PromQL query whose series are named by {@code legend}. */
  public static Target prom(String expr, String legend) {
    return new Target(Datasource.PROMETHEUS, expr, legend, Format.TIME_SERIES);
  }

  /** A PromQL query with one series, named after the panel. */
  public static Target prom(String expr) {
    return prom(expr, "");
  }

  /**
   * A time-series SQL query: a {@code "time"} column (e.g. from {@code $__timeGroupAlias}), an
   * optional {@code metric} column naming the series, numeric value columns, ordered by time.
   */
  public static Target sqlSeries(String sql) {
    return new Target(Datasource.POSTGRES, sql, "", Format.TIME_SERIES);
  }

  /** A SQL query whose rows are shown as they come. */
  public static Target sqlTable(String sql) {
    return new Target(Datasource.POSTGRES, sql, "", Format.TABLE);
  }
}
