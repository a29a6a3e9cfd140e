package dev.dropscope.etl.report;

import java.time.Instant;
import java.util.List;

/**
 * What {@code report} shows: the analytics views' answers for a time range.
 *
 * @param generatedAt when it was made
 * @param from start of the range its time series cover (inclusive)
 * @param to end of that range (exclusive)
 * @param tables the sections, in reading order
 */
public record Report(Instant generatedAt, Instant from, Instant to, List<Table> tables) {
  public Report {
    tables = List.copyOf(tables);
  }

  public Table table(String id) {
    return tables.stream()
        .filter(t -> t.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no section " + id));
  }
}
