package dev.dropscope.etl.prometheus;

/** Writing PromQL: string escapes and selectors narrowed to one metric name. */
final class PromQl {
  private PromQl() {}

  /** A label value or name inside PromQL double quotes. */
  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * {@code selector} narrowed to the series named {@code metric}: {@code {job="x"}} becomes {@code
   * {__name__="metric", job="x"}}; a selector that starts with a metric name already has one.
   */
  static String withName(String selector, String metric) {
    String s = selector.strip();
    if (!s.startsWith("{")) {
      return s;
    }
    String rest = s.substring(1).strip();
    String name = "__name__=\"" + escape(metric) + "\"";
    return rest.startsWith("}") ? "{" + name + rest : "{" + name + ", " + rest;
  }
}
