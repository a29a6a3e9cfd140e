package dev.dropscope.etl.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The report as one self-contained HTML file: tables, and charts drawn on canvases by a small
 * script inside the page from the report's JSON, also inside the page. Nothing is fetched.
 */
final class HtmlRenderer {
  /** Which chart goes after which section, with its caption. */
  private static final Map<String, List<String[]>> CHARTS =
      Map.of(
          "protocols",
          List.of(
              new String[] {"protocol_profit", "Revenue and cost by protocol"},
              new String[] {"protocol_roi", "ROI by protocol"}),
          "claims_daily",
          List.<String[]>of(new String[] {"claims_daily", "Claim success rate by day"}),
          "portfolio_value",
          List.<String[]>of(new String[] {"portfolio_value", "Portfolio value"}));

  private HtmlRenderer() {}

  static void render(Report report, Writer out) throws IOException {
    StringWriter json = new StringWriter();
    JsonRenderer.render(report, json);
    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>dropscope report ")
        .append(esc(Cells.text(report.generatedAt())))
        .append("</title>\n<style>\n")
        .append(resource("report.css"))
        .append(
            "</style>\n</head>\n<body>\n<h1>dropscope report</h1>\n<p class=\"meta\">Generated ")
        .append(esc(Cells.text(report.generatedAt())))
        .append("; time series from ")
        .append(esc(Cells.text(report.from())))
        .append(" to ")
        .append(esc(Cells.text(report.to())))
        .append(".</p>\n<nav>");
    for (Table t : report.tables()) {
      h.append("<a href=\"#").append(t.id()).append("\">").append(esc(t.title())).append("</a> ");
    }
    h.append("</nav>\n");
    for (Table t : report.tables()) {
      section(h, t);
    }
    h.append("<script type=\"application/json\" id=\"report-data\">")
        .append(json.toString().replace("</", "<\\/"))
        .append("</script>\n<script>\n")
        .append(resource("charts.js"))
        .append("</script>\n</body>\n</html>\n");
    out.write(h.toString());
    out.flush();
  }

  private static void section(StringBuilder h, Table t) {
    h.append("<section id=\"")
        .append(t.id())
        .append("\">\n<h2>")
        .append(esc(t.title()))
        .append("</h2>\n<p class=\"note\">")
        .append(esc(t.note()))
        .append("</p>\n");
    for (String[] chart : CHARTS.getOrDefault(t.id(), List.of())) {
      h.append("<figure><canvas data-chart=\"")
          .append(chart[0])
          .append("\" width=\"900\" height=\"260\"></canvas><figcaption>")
          .append(esc(chart[1]))
          .append("</figcaption></figure>\n");
    }
    if (t.rows().isEmpty()) {
      h.append("<p class=\"empty\">No data yet.</p>\n</section>\n");
      return;
    }
    h.append("<table>\n<thead><tr>");
    for (String c : t.columns()) {
      h.append("<th>").append(esc(c)).append("</th>");
    }
    h.append("</tr></thead>\n<tbody>\n");
    for (List<Object> row : t.rows()) {
      h.append("<tr>");
      for (Object cell : row) {
        h.append(cell instanceof Number ? "<td class=\"n\">" : "<td>")
            .append(esc(Cells.text(cell)))
            .append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</tbody>\n</table>\n</section>\n");
  }

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }

  private static String resource(String name) {
    try (InputStream in = HtmlRenderer.class.getResourceAsStream("/report/" + name)) {
      if (in == null) {
        throw new IllegalStateException("report/" + name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
