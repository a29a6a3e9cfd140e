package dev.dropscope.etl.report;

import java.util.List;

/**
 * One section of a report: a titled table. Cells are String, Number (Long or Double), an Instant,
 * or null.
 *
 * @param id a stable key, used for JSON field names, CSV section names and HTML anchors
 * @param title what a reader sees
 * @param note one line under the title: what the figures cover and how they are computed
 * @param columns column names, in snake_case as the views name them
 * @param rows the rows, each as long as {@code columns}
 */
public record Table(
    String id, String title, String note, List<String> columns, List<List<Object>> rows) {
  public Table {
    columns = List.copyOf(columns);
    for (List<Object> row : rows) {
      if (row.size() != columns.size()) {
        throw new IllegalArgumentException(
            id + ": expected rows of " + columns.size() + " cells, found " + row.size());
      }
    }
    rows =
        rows.stream()
            .map(r -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>(r)))
            .toList();
  }

  public int column(String name) {
    int i = columns.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException(id + ": no column " + name + " in " + columns);
    }
    return i;
  }
}
