package dev.dropscope.exporter.docs;

import java.util.ArrayList;
import java.util.List;

/** The bits of Markdown the generated pages are made of: code spans, numbers and tables. */
final class Markdown {
  /** What an empty table cell shows: the setting does not apply. */
  static final String NONE = "—";

  private Markdown() {}

  static String code(String text) {
    return "`" + text + "`";
  }

  /** {@code `a`, `b`}, or {@link #NONE} for an empty list. */
  static String codes(List<String> items) {
    return items.isEmpty() ? NONE : String.join(", ", items.stream().map(Markdown::code).toList());
  }

  /** A number as a person writes it: {@code 1}, {@code 0.5}, {@code 2.5}. */
  static String num(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  /** A GitHub-flavoured Markdown table; cells may hold code spans and pipes. */
  static final class Table {
    private final String[] headers;
    private final List<String[]> rows = new ArrayList<>();

    Table(String... headers) {
      this.headers = headers;
    }

    Table row(String... cells) {
      if (cells.length != headers.length) {
        throw new IllegalArgumentException(
            "row of " + cells.length + " cells in a table of " + headers.length + " columns");
      }
      rows.add(cells);
      return this;
    }

    boolean isEmpty() {
      return rows.isEmpty();
    }

    String render() {
      StringBuilder out = new StringBuilder();
      line(out, headers);
      out.append('|').append("---|".repeat(headers.length)).append('\n');
      rows.forEach(r -> line(out, r));
      return out.toString();
    }

    private static void line(StringBuilder out, String[] cells) {
      out.append('|');
      for (String c : cells) {
        out.append(' ').append(cell(c)).append(" |");
      }
      out.append('\n');
    }

    /** Pipes would end the cell and newlines the row, even inside code spans. */
    private static String cell(String text) {
      return text.replace("|", "\\|").replace("\n", " ");
    }
  }
}
