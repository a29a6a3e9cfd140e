package dev.dropscope.exporter.docs;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dropscope.exporter.pack.Pack.EventType;
import dev.dropscope.exporter.pack.Packs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One example event per event type, hand-written in {@code event-examples.json} (a JSON array).
 * ingest.md shows them; {@code IngestDocExamplesIT} posts every one to a real exporter and expects
 * 202, so they stay valid.
 */
final class Examples {
  static final String FILE = "event-examples.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private final Map<String, JsonNode> byType;

  private Examples(Map<String, JsonNode> byType) {
    this.byType = byType;
  }

  /** The examples in the jar, checked against {@code packs}. */
  static Examples load(Packs packs) {
    try (InputStream in = Examples.class.getResourceAsStream("/docs/" + FILE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource /docs/" + FILE);
      }
      return parse(packs, JSON.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(Template.SOURCE_DIR + FILE + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks that {@code array} holds exactly one example for every event type of {@code packs} and
   * nothing else.
   */
  static Examples parse(Packs packs, JsonNode array) {
    String source = Template.SOURCE_DIR + FILE;
    if (!array.isArray()) {
      throw new IllegalStateException(source + ": expected a JSON array of events");
    }
    Map<String, JsonNode> byType = new LinkedHashMap<>();
    for (int i = 0; i < array.size(); i++) {
      String type = array.get(i).path("type").asText();
      if (packs.event(type).isEmpty()) {
        throw new IllegalStateException(
            source
                + "["
                + i
                + "]: expected an event type of the built-in packs, found '"
                + type
                + "'");
      }
      if (byType.putIfAbsent(type, array.get(i)) != null) {
        throw new IllegalStateException(
            source + "[" + i + "]: expected one example per event type, found a second " + type);
      }
    }
    List<String> missing = new ArrayList<>();
    for (EventType e : packs.events()) {
      if (!byType.containsKey(e.type())) {
        missing.add(e.type());
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          source
              + ": expected an example for every event type, found none for "
              + missing
              + "; add one that the exporter accepts");
    }
    return new Examples(byType);
  }

  /** The example as ingest.md shows it: one field a line, nested values on the field's line. */
  String pretty(String type) {
    JsonNode event = byType.get(type);
    StringBuilder out = new StringBuilder("{\n");
    var fields = event.properties().iterator();
    while (fields.hasNext()) {
      var f = fields.next();
      out.append("  ").append(compact(JSON.getNodeFactory().textNode(f.getKey())));
      out.append(": ").append(value(f.getValue()));
      out.append(fields.hasNext() ? ",\n" : "\n");
    }
    return out.append("}").toString();
  }

  /** A list of objects gets one object a line; anything else stays on one line. */
  private static String value(JsonNode v) {
    if (v.isArray() && v.size() > 0 && v.get(0).isContainerNode()) {
      List<String> items = new ArrayList<>();
      v.forEach(item -> items.add("    " + compact(item)));
      return "[\n" + String.join(",\n", items) + "\n  ]";
    }
    return compact(v);
  }

  /** JSON with a space after every colon and comma, as people write it. */
  private static String compact(JsonNode v) {
    if (v.isObject()) {
      List<String> parts = new ArrayList<>();
      v.properties()
          .forEach(
              e ->
                  parts.add(
                      compact(JSON.getNodeFactory().textNode(e.getKey()))
                          + ": "
                          + compact(e.getValue())));
      return "{" + String.join(", ", parts) + "}";
    }
    if (v.isArray()) {
      List<String> parts = new ArrayList<>();
      v.forEach(item -> parts.add(compact(item)));
      return "[" + String.join(", ", parts) + "]";
    }
    if (v.isBigDecimal()) {
      return v.decimalValue().toPlainString();
    }
    return v.toString();
  }
}
