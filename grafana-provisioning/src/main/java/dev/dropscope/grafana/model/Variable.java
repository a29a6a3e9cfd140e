package dev.dropscope.grafana.model;

/**
 * A dashboard variable filled from Prometheus by {@code label_values(...)}; multi-valued with an
 * "All" option, which Grafana expands to the alternation of the values it found ({@code
 * (bot-1:19100|bot-2:19100)}), so "All" never reaches series of other jobs. Queries use it in regex
 * matchers: {@code instance=~"$instance"}.
 *
 * @param query e.g. {@code label_values(dropscope_build_info, instance)}
 */
public record Variable(String name, String label, String query) {}
