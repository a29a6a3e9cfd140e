package dev.dropscope.etl.report;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The report as CSV (RFC 4180): one block per section, each a header row and its rows, the first
 * column naming the section; blocks are separated by an empty line.
 */
final class CsvRenderer {
  private CsvRenderer() {}

  static void render(Report report, PrintWriter out) {
    boolean first = true;
    for (Table t : report.tables()) {
      if (!first) {
        out.print("\r\n");
      }
      first = false;
      List<String> header = new ArrayList<>();
      header.add("section");
      header.addAll(t.columns());
      row(out, header);
      for (List<Object> r : t.rows()) {
        List<String> cells = new ArrayList<>();
        cells.add(t.id());
        r.forEach(c -> cells.add(Cells.text(c)));
        row(out, cells);
      }
    }
    out.flush();
  }

  private static void row(PrintWriter out, List<String> cells) {
    out.print(String.join(",", cells.stream().map(CsvRenderer::quote).toList()));
    out.print("\r\n");
  }

  static String quote(String cell) {
    if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
      return "\"" + cell.replace("\"", "\"\"") + "\"";
    }
    return cell;
  }
}
