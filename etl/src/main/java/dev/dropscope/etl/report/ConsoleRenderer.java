package dev.dropscope.etl.report;

import java.io.PrintWriter;
import java.util.List;

/** The report as aligned text tables, for a terminal. */
final class ConsoleRenderer {
  private ConsoleRenderer() {}

  static void render(Report report, PrintWriter out) {
    out.printf(
        "dropscope report, generated %s, time series from %s to %s%n",
        Cells.text(report.generatedAt()), Cells.text(report.from()), Cells.text(report.to()));
    for (Table t : report.tables()) {
      out.printf("%n== %s ==%n%s%n", t.title(), t.note());
      if (t.rows().isEmpty()) {
        out.println("(no data yet)");
        continue;
      }
      int[] width = new int[t.columns().size()];
      for (int c = 0; c < width.length; c++) {
        width[c] = t.columns().get(c).length();
        for (List<Object> row : t.rows()) {
          width[c] = Math.max(width[c], Cells.text(row.get(c)).length());
        }
      }
      line(out, t.columns(), width, t.rows().getFirst());
      for (List<Object> row : t.rows()) {
        line(out, row.stream().map(Cells::text).toList(), width, row);
      }
    }
    out.flush();
  }

  /** Numbers right-aligned, text left-aligned, two spaces apart. */
  private static void line(PrintWriter out, List<?> cells, int[] width, List<Object> shape) {
    StringBuilder s = new StringBuilder();
    for (int c = 0; c < width.length; c++) {
      String text = String.valueOf(cells.get(c));
      boolean number = shape.get(c) instanceof Number;
      String pad = " ".repeat(width[c] - text.length());
      s.append(c == 0 ? "" : "  ").append(number ? pad + text : text + pad);
    }
    out.println(s.toString().stripTrailing());
  }
}
