package dev.dropscope.etl.journal;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rows in PostgreSQL's COPY text format: tab between columns, {@code \N} for NULL, backslash
 * escapes. Strings and JSON are written so PostgreSQL takes them whatever they hold: a NUL
 * character or an unpaired surrogate (which {@code text} and {@code jsonb} refuse) becomes U+FFFD,
 * and a JSON number beyond {@code numeric}'s range a string; each such change is noted in {@link
 * #repairs()}.
 */
final class CopyText {
  /** What {@code numeric} holds: digits before the point, after it. */
  static final int NUMERIC_MAX_INTEGER_DIGITS = 131_072;

  static final int NUMERIC_MAX_SCALE = 16_383;

  private static final char REPLACEMENT = '\uFFFD';

  /** A change made so that PostgreSQL takes a value: where, and what. */
  record Repair(String path, String what) {}

  private final StringBuilder buf = new StringBuilder(1 << 16);
  private final List<Repair> repairs = new ArrayList<>();
  private final Deque<Object> path = new ArrayDeque<>(); // keys and indexes within a JSON value
  private int rows;
  private boolean rowStart = true;

  /** Where the text ends now; {@link #reset} goes back to it. */
  int mark() {
    return buf.length();
  }

  /** Drops what was written after {@code mark}: a row that turned out not to fit. */
  void reset(int mark) {
    buf.setLength(mark);
    rowStart = mark == 0 || buf.charAt(mark - 1) == '\n';
  }

  int rows() {
    return rows;
  }

  boolean isEmpty() {
    return rows == 0;
  }

  /** The changes made since the last call, which clears them. */
  List<Repair> repairs() {
    if (repairs.isEmpty()) {
      return List.of();
    }
    List<Repair> out = List.copyOf(repairs);
    repairs.clear();
    return out;
  }

  byte[] bytes() {
    return buf.toString().getBytes(StandardCharsets.UTF_8);
  }

  void clear() {
    buf.setLength(0);
    repairs.clear();
    rows = 0;
    rowStart = true;
  }

  void endRow() {
    buf.append('\n');
    rows++;
    rowStart = true;
  }

  void nul() {
    column().append("\\N");
  }

  /** A value whose text needs no escaping: a number, a timestamp, a UUID. */
  void plain(String value) {
    column().append(value);
  }

  /** A text value, or NULL. {@code where} names it in repairs. */
  void text(String value, String where) {
    if (value == null) {
      nul();
      return;
    }
    column();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> buf.append("\\\\");
        case '\n' -> buf.append("\\n");
        case '\r' -> buf.append("\\r");
        case '\t' -> buf.append("\\t");
        case '\0' -> {
          buf.append(REPLACEMENT);
          repairs.add(new Repair(where, nulReplaced()));
        }
        default -> i = character(value, i, where);
      }
    }
  }

  /** A JSON value. {@code where} names it in repairs: {@code data}, {@code data.positions[0]}. */
  void json(JsonNode node, String where) {
    column();
    path.clear();
    path.add(where);
    writeJson(node);
  }

  /** The JSON object of {@code fields} whose names are not in {@code except}. */
  void jsonObjectExcept(JsonNode object, Set<String> except, String where) {
    column();
    path.clear();
    path.add(where);
    buf.append('{');
    boolean first = true;
    for (Map.Entry<String, JsonNode> e : object.properties()) {
      if (except.contains(e.getKey())) {
        continue;
      }
      first = member(e, first);
    }
    buf.append('}');
  }

  private StringBuilder column() {
    if (!rowStart) {
      buf.append('\t');
    }
    rowStart = false;
    return buf;
  }

  private void writeJson(JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        buf.append('{');
        boolean first = true;
        for (Map.Entry<String, JsonNode> e : node.properties()) {
          first = member(e, first);
        }
        buf.append('}');
      }
      case ARRAY -> {
        buf.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            buf.append(',');
          }
          path.addLast(i);
          writeJson(node.get(i));
          path.removeLast();
        }
        buf.append(']');
      }
      case STRING -> jsonString(node.textValue());
      case NUMBER -> jsonNumber(node);
      case BOOLEAN -> buf.append(node.booleanValue());
      default -> buf.append("null"); // NULL, and node kinds JSON text cannot produce
    }
  }

  private boolean member(Map.Entry<String, JsonNode> e, boolean first) {
    if (!first) {
      buf.append(',');
    }
    path.addLast(e.getKey());
    jsonString(e.getKey());
    buf.append(':');
    writeJson(e.getValue());
    path.removeLast();
    return false;
  }

  private void jsonNumber(JsonNode node) {
    if (node.canConvertToLong() && node.isIntegralNumber()) {
      buf.append(node.longValue());
      return;
    }
    BigDecimal d = node.decimalValue();
    if (fitsNumeric(d)) {
      buf.append(d);
    } else {
      jsonString(d.toString());
      repairs.add(
          new Repair(
              pathText(),
              "a number beyond PostgreSQL's numeric range was stored as a string instead"));
    }
  }

  /** A JSON string, with JSON's escapes, each backslash doubled for COPY. */
  private void jsonString(String s) {
    buf.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> buf.append("\\\\\"");
        case '\\' -> buf.append("\\\\\\\\");
        case '\n' -> buf.append("\\\\n");
        case '\r' -> buf.append("\\\\r");
        case '\t' -> buf.append("\\\\t");
        case '\b' -> buf.append("\\\\b");
        case '\f' -> buf.append("\\\\f");
        case '\0' -> {
          buf.append(REPLACEMENT);
          repairs.add(new Repair(pathText(), nulReplaced()));
        }
        default -> {
          if (c < 0x20) {
            buf.append("\\\\u00").append(Character.forDigit(c >> 4, 16));
            buf.append(Character.forDigit(c & 0xf, 16));
          } else {
            i = character(s, i, null);
          }
        }
      }
    }
    buf.append('"');
  }

  /**
   * Appends {@code s.charAt(i)}, or a whole surrogate pair starting there; an unpaired surrogate
   * becomes U+FFFD. Returns the index of the last char consumed.
   */
  private int character(String s, int i, String where) {
    char c = s.charAt(i);
    if (!Character.isSurrogate(c)) {
      buf.append(c);
      return i;
    }
    if (Character.isHighSurrogate(c)
        && i + 1 < s.length()
        && Character.isLowSurrogate(s.charAt(i + 1))) {
      buf.append(c).append(s.charAt(i + 1));
      return i + 1;
    }
    buf.append(REPLACEMENT);
    repairs.add(
        new Repair(
            where != null ? where : pathText(),
            "an unpaired UTF-16 surrogate, which PostgreSQL cannot store, was replaced by U+FFFD"));
    return i;
  }

  private static String nulReplaced() {
    return "a NUL character, which PostgreSQL cannot store, was replaced by U+FFFD";
  }

  /** {@code data.positions[1].token}, from the path stack. */
  private String pathText() {
    StringBuilder p = new StringBuilder();
    for (Object part : path) {
      if (part instanceof Integer index) {
        p.append('[').append(index).append(']');
      } else {
        if (!p.isEmpty()) {
          p.append('.');
        }
        p.append(part);
      }
    }
    return p.toString();
  }

  /** Whether PostgreSQL's {@code numeric} (and so a {@code jsonb} number) can hold {@code d}. */
  static boolean fitsNumeric(BigDecimal d) {
    return d.scale() <= NUMERIC_MAX_SCALE
        && (long) d.precision() - d.scale() <= NUMERIC_MAX_INTEGER_DIGITS;
  }
}
