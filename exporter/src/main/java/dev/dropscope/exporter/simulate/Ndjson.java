package dev.dropscope.exporter.simulate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Events as newline-delimited JSON, one compact object a line: the simulator's wire format. */
final class Ndjson {
  static final String CONTENT_TYPE = "application/x-ndjson";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Ndjson() {}

  /** {@code {"type":…,"ts":…,"id":…,<fields>}\n} for each event, in order. */
  static byte[] encode(List<SimEvent> events) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(events.size() * 200);
    try (JsonGenerator g = MAPPER.createGenerator(out)) {
      g.setRootValueSeparator(null);
      for (SimEvent e : events) {
        g.writeStartObject();
        g.writeStringField("type", e.type());
        g.writeStringField("ts", e.ts().toString());
        g.writeStringField("id", e.id());
        for (Map.Entry<String, JsonNode> f : e.fields().properties()) {
          g.writeFieldName(f.getKey());
          MAPPER.writeTree(g, f.getValue());
        }
        g.writeEndObject();
        g.writeRaw('\n');
      }
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot encode events", ex);
    }
    return out.toByteArray();
  }
}
