package dev.dropscope.exporter.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The event contract of the built-in packs, read straight from {@code /packs/<pack>.yml} as a YAML
 * tree (not through the exporter's pack loader), and a generic check of an event against it: type,
 * required, enum, min, max, string length, map values and list items. Stricter than the exporter in
 * one way on purpose: a field the pack does not declare is a problem, so typos show up.
 */
final class PackContract {
  private static final Set<String> FIELD_SPEC_KEYS =
      Set.of(
          "type",
          "required",
          "enum",
          "min",
          "max",
          "values",
          "items",
          "default",
          "description",
          "max_length",
          "max_items");
  private static final int DEFAULT_MAX_LENGTH = 256;
  private static final int DEFAULT_MAX_ITEMS = 1000;
  private static final int MAX_ID_LENGTH = 128;

  /** {@code <pack>.<event>} to its {@code fields} node. */
  private final Map<String, JsonNode> fields = new LinkedHashMap<>();

  private final Set<String> journaled = new TreeSet<>();

  static PackContract load(String... packs) {
    PackContract c = new PackContract();
    YAMLMapper yaml = new YAMLMapper();
    for (String pack : packs) {
      String resource = "/packs/" + pack + ".yml";
      try (InputStream in = PackContract.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException(resource + " is not on the classpath");
        }
        JsonNode root = yaml.readTree(in);
        for (JsonNode event : root.path("events")) {
          String type = pack + "." + event.path("event").asText();
          c.fields.put(type, event.path("fields"));
          if (event.path("journaled").asBoolean(false)) {
            c.journaled.add(type);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(resource, e);
      }
    }
    return c;
  }

  /** Every {@code <pack>.<event>} the loaded packs declare. */
  Set<String> eventTypes() {
    return fields.keySet();
  }

  /** The event types marked {@code journaled: true}. */
  Set<String> journaledTypes() {
    return journaled;
  }

  /** The {@code fields} node of an event type. */
  JsonNode fieldsOf(String type) {
    return fields.get(type);
  }

  /** What is wrong with {@code event} (one wire object), as {@code <type>.<path>: <problem>}. */
  List<String> problems(JsonNode event) {
    List<String> problems = new ArrayList<>();
    String type = event.path("type").asText("");
    JsonNode spec = fields.get(type);
    if (spec == null) {
      problems.add("type: unknown event type '" + type + "'");
      return problems;
    }
    JsonNode ts = event.get("ts");
    if (ts != null) {
      try {
        OffsetDateTime.parse(ts.asText());
      } catch (DateTimeParseException e) {
        problems.add(type + ".ts: not RFC 3339: " + ts);
      }
    }
    JsonNode id = event.get("id");
    if (id != null
        && (!id.isTextual() || id.asText().isEmpty() || id.asText().length() > MAX_ID_LENGTH)) {
      problems.add(type + ".id: not a 1 to " + MAX_ID_LENGTH + " character string: " + id);
    }
    checkObject(type, spec, event, Set.of("type", "ts", "id"), problems);
    return problems;
  }

  /** Checks the fields of an event or a list item against {@code spec} (name to field spec). */
  private static void checkObject(
      String path, JsonNode spec, JsonNode object, Set<String> envelope, List<String> problems) {
    for (Map.Entry<String, JsonNode> f : spec.properties()) {
      JsonNode value = object.get(f.getKey());
      if (value == null || value.isNull()) {
        if (f.getValue().path("required").asBoolean(false)) {
          problems.add(path + "." + f.getKey() + ": required but missing");
        }
      } else {
        check(path + "." + f.getKey(), f.getValue(), value, problems);
      }
    }
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!envelope.contains(name) && !spec.has(name)) {
        problems.add(path + "." + name + ": not declared by the pack");
      }
    }
  }

  private static void check(String path, JsonNode spec, JsonNode value, List<String> problems) {
    for (Iterator<String> it = spec.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!FIELD_SPEC_KEYS.contains(key)) {
        throw new IllegalStateException(
            path + ": this test does not understand spec key '" + key + "'");
      }
    }
    String type = spec.path("type").asText();
    switch (type) {
      case "string" -> {
        if (!value.isTextual()) {
          problems.add(path + ": expected a string, found " + value);
          return;
        }
        int maxLength = spec.path("max_length").asInt(DEFAULT_MAX_LENGTH);
        if (value.asText().length() > maxLength) {
          problems.add(path + ": longer than " + maxLength + " characters");
        }
        if (spec.has("enum")) {
          boolean allowed = false;
          for (JsonNode e : spec.get("enum")) {
            allowed |= e.asText().equals(value.asText());
          }
          if (!allowed) {
            problems.add(path + ": '" + value.asText() + "' is not one of " + spec.get("enum"));
          }
        }
      }
      case "number", "integer" -> {
        if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
          problems.add(path + ": expected a finite number, found " + value);
          return;
        }
        if (type.equals("integer") && !value.isIntegralNumber()) {
          problems.add(path + ": expected an integer, found " + value);
        }
        double d = value.asDouble();
        if (spec.has("min") && d < spec.get("min").asDouble()) {
          problems.add(path + ": " + value + " is below the minimum " + spec.get("min"));
        }
        if (spec.has("max") && d > spec.get("max").asDouble()) {
          problems.add(path + ": " + value + " is above the maximum " + spec.get("max"));
        }
      }
      case "boolean" -> {
        if (!value.isBoolean()) {
          problems.add(path + ": expected true or false, found " + value);
        }
      }
      case "map" -> {
        if (!value.isObject()) {
          problems.add(path + ": expected an object, found " + value);
          return;
        }
        if (value.size() > spec.path("max_items").asInt(DEFAULT_MAX_ITEMS)) {
          problems.add(path + ": too many entries: " + value.size());
        }
        for (Map.Entry<String, JsonNode> e : value.properties()) {
          check(path + "." + e.getKey(), spec.get("values"), e.getValue(), problems);
        }
      }
      case "list" -> {
        if (!value.isArray()) {
          problems.add(path + ": expected an array, found " + value);
          return;
        }
        if (value.size() > spec.path("max_items").asInt(DEFAULT_MAX_ITEMS)) {
          problems.add(path + ": too many items: " + value.size());
        }
        for (int i = 0; i < value.size(); i++) {
          JsonNode item = value.get(i);
          if (!item.isObject()) {
            problems.add(path + "[" + i + "]: expected an object, found " + item);
          } else {
            checkObject(path + "[" + i + "]", spec.get("items"), item, Set.of(), problems);
          }
        }
      }
      default ->
          throw new IllegalStateException(path + ": this test does not know type '" + type + "'");
    }
  }
}
