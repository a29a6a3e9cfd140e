package dev.dropscope.exporter.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dropscope.exporter.pack.Pack;
import dev.dropscope.exporter.pack.Pack.Field;
import dev.dropscope.exporter.pack.Packs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks one event against its pack's field specs. Fields the pack does not declare are kept (the
 * journal stores them as extras) and reported as warnings; everything declared must fit.
 */
final class EventValidator {
  static final int MAX_ID_LENGTH = 128;
  static final int MAX_EXTRA_FIELDS = 32;
  static final Duration MAX_FUTURE = Duration.ofMinutes(5);

  private final Packs packs;
  private final Clock clock;

  /** Each type's declared fields in order, as an array: no iterator per event. */
  private final Map<Pack.EventType, Field[]> declared = new IdentityHashMap<>();

  EventValidator(Packs packs, Clock clock) {
    this.packs = packs;
    this.clock = clock;
    for (Pack.EventType t : packs.events()) {
      declared.put(t, t.fields().values().toArray(Field[]::new));
    }
  }

  boolean knows(String type) {
    return packs.event(type).isPresent();
  }

  /** The event, or empty with the reasons added to {@code problems}. */
  Optional<IngestedEvent> validate(
      int index, JsonNode node, List<Problem> problems, List<Problem> warnings) {
    if (!node.isObject()) {
      problems.add(
          Problem.of(index, null, "an event must be a JSON object", "an object with a type", node));
      return Optional.empty();
    }
    JsonNode typeNode = node.get("type");
    if (typeNode == null || !typeNode.isTextual()) {
      problems.add(
          Problem.of(
              index,
              "type",
              "missing or not a string",
              "<pack>.<event>, e.g. airdrops.claim",
              typeNode));
      return Optional.empty();
    }
    Optional<Pack.EventType> type = packs.event(typeNode.asText());
    if (type.isEmpty()) {
      problems.add(
          Problem.of(
              index,
              "type",
              "unknown event type",
              "an event type of an enabled pack, e.g. airdrops.claim",
              typeNode));
      return Optional.empty();
    }
    int before = problems.size();
    Instant ts = timestamp(index, node.get("ts"), problems);
    String id = idempotencyKey(index, node.get("id"), problems);
    Map<String, Field> fields = type.get().fields();
    Field[] order = declared.get(type.get());
    if (order == null) {
      order = fields.values().toArray(Field[]::new);
    }
    boolean defaulted = false;
    for (Field f : order) {
      JsonNode v = node.get(f.name());
      if (v == null || v.isNull()) {
        if (f.defaultValue() != null) {
          defaulted = true;
        } else if (f.required()) {
          problems.add(Problem.of(index, f.name(), "required field is missing", expected(f), null));
        }
        continue;
      }
      check(index, f.name(), f, v, problems);
    }
    // One pass over what was sent: undeclared fields (warnings, and a cap), and whether the fields
    // already stand in data order, so the event can become its data without a copy.
    int extras = 0;
    boolean inOrder = !defaulted;
    boolean nulls = false;
    boolean undeclaredSeen = false;
    int next = 0;
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String name = e.getKey();
      if (isEnvelope(name)) {
        continue;
      }
      if (!fields.containsKey(name)) {
        undeclaredSeen = true;
        if (++extras > MAX_EXTRA_FIELDS) {
          problems.add(
              Problem.of(
                  index,
                  name,
                  "too many fields the pack does not declare",
                  "at most " + MAX_EXTRA_FIELDS,
                  null));
          break;
        }
        warnings.add(
            Problem.of(
                index,
                name,
                "field not declared by "
                    + type.get().type()
                    + "; kept in the journal, not used for metrics",
                null,
                null));
      } else if (e.getValue().isNull()) {
        nulls = true; // left out of the data
      } else if (inOrder) {
        while (next < order.length && !order[next].name().equals(name)) {
          next++;
        }
        inOrder = !undeclaredSeen && next < order.length;
        next++;
      }
    }
    if (problems.size() > before) {
      return Optional.empty();
    }
    ObjectNode object = (ObjectNode) node;
    ObjectNode data = inOrder ? strip(object, fields, nulls) : copy(object, order, fields);
    return Optional.of(new IngestedEvent(type.get(), ts, id, data));
  }

  private static boolean isEnvelope(String name) {
    return name.equals("type") || name.equals("ts") || name.equals("id");
  }

  /**
   * An event's data: its declared fields in the pack's order (defaults filled in, nulls left out),
   * then the undeclared ones in the order sent.
   */
  private static ObjectNode copy(ObjectNode node, Field[] order, Map<String, Field> fields) {
    ObjectNode data = new ObjectNode(JsonNodeFactory.instance, new SmallMap<>());
    for (Field f : order) {
      JsonNode v = node.get(f.name());
      if (v != null && !v.isNull()) {
        data.set(f.name(), v);
      } else if (f.defaultValue() != null) {
        data.set(f.name(), defaultNode(f.defaultValue()));
      }
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!isEnvelope(e.getKey()) && !fields.containsKey(e.getKey())) {
        data.set(e.getKey(), e.getValue());
      }
    }
    return data;
  }

  /**
   * The event turned into its data in place, when its declared fields came in the pack's order
   * before any undeclared one and none needs a default (clients usually send them so): the envelope
   * and declared nulls removed, no copy.
   */
  private static ObjectNode strip(ObjectNode node, Map<String, Field> fields, boolean nulls) {
    node.remove("type");
    node.remove("ts");
    node.remove("id");
    if (!nulls) {
      return node;
    }
    List<String> drop = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (e.getValue().isNull() && fields.containsKey(e.getKey())) {
        drop.add(e.getKey());
      }
    }
    return node.remove(drop);
  }

  private static JsonNode defaultNode(Object value) {
    return switch (value) {
      case String s -> JsonNodeFactory.instance.textNode(s);
      case Integer i -> JsonNodeFactory.instance.numberNode(i);
      case Long l -> JsonNodeFactory.instance.numberNode(l);
      case Double d -> JsonNodeFactory.instance.numberNode(d);
      case Boolean b -> JsonNodeFactory.instance.booleanNode(b);
      default -> JsonNodeFactory.instance.textNode(String.valueOf(value));
    };
  }

  private Instant timestamp(int index, JsonNode ts, List<Problem> problems) {
    Instant now = clock.instant();
    if (ts == null || ts.isNull()) {
      return now;
    }
    Instant t = null;
    if (ts.isNumber()
        && Double.isFinite(ts.asDouble())
        && ts.asDouble() > 0
        && ts.asDouble() < 1e11) {
      double s = ts.asDouble();
      long whole = (long) Math.floor(s);
      t = Instant.ofEpochSecond(whole, Math.round((s - whole) * 1e9));
    } else if (ts.isTextual()) {
      t = Rfc3339.parse(ts.asText());
    }
    if (t == null) {
      problems.add(
          Problem.of(
              index,
              "ts",
              "not a timestamp",
              "RFC 3339 (2026-11-22T10:00:00Z) or epoch seconds",
              ts));
      return now;
    }
    if (t.getEpochSecond() - now.getEpochSecond() >= MAX_FUTURE.getSeconds()
        && t.isAfter(now.plus(MAX_FUTURE))) {
      problems.add(
          Problem.of(
              index,
              "ts",
              "lies in the future",
              "a time at most 5m after the exporter's clock (" + now + ")",
              ts));
    }
    return t;
  }

  private static String idempotencyKey(int index, JsonNode id, List<Problem> problems) {
    if (id == null || id.isNull()) {
      return null;
    }
    if (!id.isTextual() || id.asText().isEmpty() || id.asText().length() > MAX_ID_LENGTH) {
      problems.add(
          Problem.of(
              index,
              "id",
              "not a usable idempotency key",
              "a string of 1 to " + MAX_ID_LENGTH + " characters",
              id));
      return null;
    }
    return id.asText();
  }

  /** Checks one value against its field; adds problems and returns whether it fits. */
  private static boolean check(
      int index, String path, Field f, JsonNode v, List<Problem> problems) {
    switch (f.type()) {
      case STRING -> {
        if (!v.isTextual()) {
          return fail(problems, index, path, "wrong type", "a string", v);
        }
        String s = v.asText();
        if (s.length() > f.maxLength()) {
          return fail(
              problems, index, path, "too long", "at most " + f.maxLength() + " characters", s);
        }
        if (!f.enumValues().isEmpty() && !f.enumValues().contains(s)) {
          return fail(
              problems,
              index,
              path,
              "not an allowed value",
              "one of " + String.join("|", f.enumValues()),
              s);
        }
        return true;
      }
      case NUMBER, INTEGER -> {
        if (!v.isNumber()) {
          return fail(
              problems,
              index,
              path,
              "wrong type",
              f.type() == Pack.FieldType.INTEGER ? "an integer" : "a number",
              v);
        }
        double d = v.asDouble();
        if (!Double.isFinite(d)) {
          return fail(problems, index, path, "not a finite number", "a finite number", v.asText());
        }
        if (f.type() == Pack.FieldType.INTEGER && !v.canConvertToExactIntegral()) {
          return fail(problems, index, path, "wrong type", "an integer", v.asText());
        }
        if (f.min() != null && d < f.min()) {
          return fail(
              problems, index, path, "below the minimum", "at least " + num(f.min()), v.asText());
        }
        if (f.max() != null && d > f.max()) {
          return fail(
              problems, index, path, "above the maximum", "at most " + num(f.max()), v.asText());
        }
        return true;
      }
      case BOOLEAN -> {
        return v.isBoolean() || fail(problems, index, path, "wrong type", "true or false", v);
      }
      case MAP -> {
        if (!v.isObject()) {
          return fail(
              problems,
              index,
              path,
              "wrong type",
              "an object of "
                  + f.mapValues().type().name().toLowerCase(java.util.Locale.ROOT)
                  + " values",
              v);
        }
        if (v.size() > f.maxItems()) {
          return fail(
              problems, index, path, "too many entries", "at most " + f.maxItems(), v.size());
        }
        boolean ok = true;
        for (var e : v.properties()) {
          String key = path + "." + e.getKey();
          if (e.getKey().isEmpty() || e.getKey().length() > PackLimits.MAX_KEY_LENGTH) {
            ok =
                fail(
                    problems,
                    index,
                    key,
                    "key too long or empty",
                    "1 to " + PackLimits.MAX_KEY_LENGTH + " characters",
                    e.getKey());
          } else if (e.getValue() == null || e.getValue().isNull()) {
            ok = fail(problems, index, key, "missing value", expected(f.mapValues()), null);
          } else {
            ok &= check(index, key, f.mapValues(), e.getValue(), problems);
          }
        }
        return ok;
      }
      case LIST -> {
        if (!v.isArray()) {
          return fail(problems, index, path, "wrong type", "a list of objects", v);
        }
        if (v.size() > f.maxItems()) {
          return fail(problems, index, path, "too many items", "at most " + f.maxItems(), v.size());
        }
        boolean ok = true;
        for (int i = 0; i < v.size(); i++) {
          JsonNode item = v.get(i);
          String at = path + "[" + i + "]";
          if (!item.isObject()) {
            ok = fail(problems, index, at, "wrong type", "an object", item);
            continue;
          }
          for (Field itemField : f.items().values()) {
            JsonNode iv = item.get(itemField.name());
            if (iv == null || iv.isNull()) {
              if (itemField.required()) {
                ok =
                    fail(
                        problems,
                        index,
                        at + "." + itemField.name(),
                        "required field is missing",
                        expected(itemField),
                        null);
              }
            } else {
              ok &= check(index, at + "." + itemField.name(), itemField, iv, problems);
            }
          }
        }
        return ok;
      }
    }
    throw new AssertionError(f.type());
  }

  private static boolean fail(
      List<Problem> problems,
      int index,
      String field,
      String message,
      String expected,
      Object found) {
    problems.add(Problem.of(index, field, message, expected, found));
    return false;
  }

  static String expected(Field f) {
    return switch (f.type()) {
      case STRING ->
          f.enumValues().isEmpty() ? "a string" : "one of " + String.join("|", f.enumValues());
      case NUMBER -> "a number";
      case INTEGER -> "an integer";
      case BOOLEAN -> "true or false";
      case MAP -> "an object";
      case LIST -> "a list of objects";
    };
  }

  private static String num(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  /** Limits on what clients send, beyond the pack's own. */
  static final class PackLimits {
    static final int MAX_KEY_LENGTH = 128;

    private PackLimits() {}
  }
}
