package dev.dropscope.rules.generate;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes maps, lists and scalars as block-style YAML that reads like hand-written Prometheus and
 * Alertmanager files: two-space indents, plain scalars where YAML allows them, single quotes
 * otherwise, literal blocks for multi-line text. Deterministic, for golden files and freshness
 * tests.
 */
public final class YamlWriter {
  private static final Pattern PLAIN_START = Pattern.compile("[A-Za-z_/$(]");
  private static final Pattern DURATION = Pattern.compile("(\\d+(ms|s|m|h|d|w|y))+");
  private static final Set<String> RESERVED =
      Set.of(
          "true", "false", "yes", "no", "on", "off", "null", "y", "n", "True", "False", "TRUE",
          "FALSE", "Yes", "No", "YES", "NO", "On", "Off", "ON", "OFF", "Null", "NULL", "~");

  private final StringBuilder out = new StringBuilder();

  private YamlWriter() {}

  /** The document for a map (the usual top level), preceded by {@code header} comment lines. */
  public static String write(List<String> header, Map<String, ?> document) {
    YamlWriter w = new YamlWriter();
    for (String line : header) {
      w.out.append(line.isEmpty() ? "#" : "# " + line).append('\n');
    }
    w.map(document, 0);
    return w.out.toString();
  }

  private void map(Map<String, ?> map, int indent) {
    for (Map.Entry<String, ?> e : map.entrySet()) {
      entry(e.getKey(), e.getValue(), indent, true);
    }
  }

  /** {@code key: value} at {@code indent}; {@code first} false continues a list item's line. */
  private void entry(String key, Object value, int indent, boolean pad) {
    if (pad) {
      out.append(" ".repeat(indent));
    }
    out.append(scalar(key)).append(':');
    switch (value) {
      case Map<?, ?> m when m.isEmpty() -> out.append(" {}\n");
      case List<?> l when l.isEmpty() -> out.append(" []\n");
      case Map<?, ?> m -> {
        out.append('\n');
        map(cast(m), indent + 2);
      }
      case List<?> l -> {
        out.append('\n');
        list(l, indent + 2);
      }
      case String s when s.contains("\n") -> block(s, indent + 2);
      default -> out.append(' ').append(scalar(value)).append('\n');
    }
  }

  private void list(List<?> list, int indent) {
    for (Object item : list) {
      out.append(" ".repeat(indent)).append("- ");
      switch (item) {
        case Map<?, ?> m when !m.isEmpty() -> {
          boolean first = true;
          for (Map.Entry<String, ?> e : cast(m).entrySet()) {
            entry(e.getKey(), e.getValue(), indent + 2, !first);
            first = false;
          }
        }
        case Map<?, ?> m -> out.append("{}\n");
        case List<?> l -> throw new IllegalArgumentException("nested lists are not written");
        default -> out.append(scalar(item)).append('\n');
      }
    }
  }

  private void block(String s, int indent) {
    boolean trailingNewline = s.endsWith("\n");
    String body = trailingNewline ? s.substring(0, s.length() - 1) : s;
    out.append(trailingNewline ? " |\n" : " |-\n");
    for (String line : body.split("\n", -1)) {
      out.append(line.isEmpty() ? "" : " ".repeat(indent) + line).append('\n');
    }
  }

  /** A scalar: numbers and booleans as they are, strings plain when safe, else single-quoted. */
  static String scalar(Object value) {
    return switch (value) {
      case null -> "null";
      case Boolean b -> b.toString();
      case Integer i -> i.toString();
      case Long l -> l.toString();
      case Double d -> BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
      case String s -> plain(s) ? s : "'" + s.replace("'", "''") + "'";
      default -> throw new IllegalArgumentException("cannot write " + value.getClass());
    };
  }

  private static boolean plain(String s) {
    if (DURATION.matcher(s).matches()) {
      return true;
    }
    if (s.isEmpty()
        || !PLAIN_START.matcher(s.substring(0, 1)).matches()
        || !s.strip().equals(s)
        || RESERVED.contains(s)) {
      return false;
    }
    if (s.contains(": ") || s.contains(" #") || s.endsWith(":") || s.contains("\t")) {
      return false;
    }
    for (char c : s.toCharArray()) {
      if (c < 0x20) {
        return false;
      }
    }
    return !s.startsWith("$") || !s.contains("{");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> cast(Map<?, ?> m) {
    return (Map<String, ?>) m;
  }
}
