package dev.dropscope.etl.journal;

import java.util.List;
import java.util.stream.Collectors;
import org.jooq.Field;
import org.jooq.Table;

/**
 * A table the journal loads into, and the statements that do it: rows are copied straight into the
 * table when none of them can be there yet, or else into a temporary staging table of the same
 * shape and inserted from there, skipping rows whose primary key is already present.
 *
 * @param table the generated table
 * @param columns the columns a staged row holds, in the order rows are written
 */
record Target(Table<?> table, List<String> columns) {
  Target {
    columns = List.copyOf(columns);
  }

  /** Every column of {@code table}, in its order. */
  static Target of(Table<?> table) {
    return new Target(table, table.fieldStream().map(Field::getName).toList());
  }

  String qualified() {
    return table.getSchema().getName() + "." + table.getName();
  }

  String stage() {
    return "stage_" + table.getName();
  }

  String createStage() {
    return "CREATE TEMPORARY TABLE IF NOT EXISTS "
        + stage()
        + " (LIKE "
        + qualified()
        + ") ON COMMIT DELETE ROWS";
  }

  String copyToStage() {
    return "COPY " + stage() + " (" + columnList() + ") FROM STDIN (FORMAT binary)";
  }

  String copyToTable() {
    return "COPY " + qualified() + " (" + columnList() + ") FROM STDIN (FORMAT binary)";
  }

  /** The insert from the staging table; rows already present (same key) are skipped. */
  String insert() {
    String key =
        table.getPrimaryKey().getFields().stream()
            .map(Field::getName)
            .collect(Collectors.joining(", "));
    return "INSERT INTO "
        + qualified()
        + " ("
        + columnList()
        + ") SELECT "
        + columnList()
        + " FROM "
        + stage()
        + " ON CONFLICT ("
        + key
        + ") DO NOTHING";
  }

  private String columnList() {
    return columns.stream().map(c -> '"' + c + '"').collect(Collectors.joining(", "));
  }
}
