package dev.dropscope.etl.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/** The renderings of a {@link Report}: {@code report --format console|json|csv|html}. */
public enum ReportFormat {
  CONSOLE,
  JSON,
  CSV,
  HTML;

  /** Writes {@code report} to {@code out} in this format. */
  public void write(Report report, Writer out) throws IOException {
    switch (this) {
      case CONSOLE -> ConsoleRenderer.render(report, new PrintWriter(out));
      case JSON -> JsonRenderer.render(report, out);
      case CSV -> CsvRenderer.render(report, new PrintWriter(out));
      case HTML -> HtmlRenderer.render(report, out);
    }
    out.flush();
  }
}
