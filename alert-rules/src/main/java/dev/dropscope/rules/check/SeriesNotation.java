package dev.dropscope.rules.check;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * promtool's expanding notation for test input values: {@code 1 2 3}, {@code 0+10x30} (31 values),
 * {@code 5x4} (5 values), {@code _} (no sample), {@code _x3} (3 gaps), {@code stale}.
 */
final class SeriesNotation {
  private static final String NUM =
      "(?:[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?|[-+]?Inf|NaN)";
  private static final Pattern ITEM =
      Pattern.compile("(?:(_)(?:x(\\d+))?|(stale)|(" + NUM + ")(?:([-+]" + NUM + ")?x(\\d+))?)");

  private SeriesNotation() {}

  /** How many samples the notation expands to, or -1 when it is not valid notation. */
  static int count(String values) {
    if (values == null || values.isBlank()) {
      return -1;
    }
    int n = 0;
    for (String item : values.strip().split("\\s+")) {
      Matcher m = ITEM.matcher(item);
      if (!m.matches()) {
        return -1;
      }
      if (m.group(1) != null) {
        n += m.group(2) != null ? Integer.parseInt(m.group(2)) : 1;
      } else if (m.group(3) != null) {
        n += 1;
      } else {
        n += m.group(6) != null ? Integer.parseInt(m.group(6)) + 1 : 1;
      }
    }
    return n;
  }
}
