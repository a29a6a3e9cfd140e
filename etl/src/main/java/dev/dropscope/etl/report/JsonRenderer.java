package dev.dropscope.etl.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;

/**
 * The report as one JSON object: {@code generated_at}, {@code from}, {@code to}, and {@code
 * sections}, keyed by section id, each with title, note and rows as objects keyed by column.
 * Numbers stay numbers (NaN and infinities become null); times are RFC 3339 strings.
 */
final class JsonRenderer {
  private JsonRenderer() {}

  static void render(Report report, Writer out) throws IOException {
    try (JsonGenerator g = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter()) {
      g.writeStartObject();
      g.writeStringField("generated_at", Cells.text(report.generatedAt()));
      g.writeStringField("from", Cells.text(report.from()));
      g.writeStringField("to", Cells.text(report.to()));
      g.writeObjectFieldStart("sections");
      for (Table t : report.tables()) {
        g.writeObjectFieldStart(t.id());
        g.writeStringField("title", t.title());
        g.writeStringField("note", t.note());
        g.writeArrayFieldStart("rows");
        for (List<Object> row : t.rows()) {
          g.writeStartObject();
          for (int c = 0; c < row.size(); c++) {
            g.writeFieldName(t.columns().get(c));
            value(g, row.get(c));
          }
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndObject();
      g.writeEndObject();
      g.writeRaw('\n');
    }
  }

  static void value(JsonGenerator g, Object cell) throws IOException {
    switch (cell) {
      case null -> g.writeNull();
      case Long l -> g.writeNumber(l);
      case Double d when d.isNaN() || d.isInfinite() -> g.writeNull();
      case Double d -> g.writeNumber(d);
      case Instant t -> g.writeString(Cells.text(t));
      default -> g.writeString(cell.toString());
    }
  }
}
