package dev.dropscope.grafana.model;

import java.util.List;

/**
 * A dashboard as the generator sees it: identity, what it is for, its variables and rows.
 *
 * @param uid fixed, e.g. {@code dropscope-host}, so links and bookmarks survive re-provisioning
 * @param from the default time range's start, e.g. {@code now-6h}
 */
public record Dashboard(
    String uid,
    String title,
    String description,
    List<String> tags,
    List<Variable> variables,
    List<Row> rows,
    String from) {
  public Dashboard {
    tags = List.copyOf(tags);
    variables = List.copyOf(variables);
    rows = List.copyOf(rows);
  }
}
