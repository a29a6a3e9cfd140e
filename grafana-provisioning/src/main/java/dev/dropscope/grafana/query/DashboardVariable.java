package dev.dropscope.grafana.query;

/**
 * A query variable of a provisioned dashboard.
 *
 * @param query e.g. {@code label_values(node_uname_info{job=~"$job"}, instance)}
 * @param allValue a custom regex "All" stands for, e.g. {@code .*}; empty when Grafana expands
 *     "All" to the values it found (or the variable has no "All")
 */
public record DashboardVariable(String dashboardUid, String name, String query, String allValue) {}
