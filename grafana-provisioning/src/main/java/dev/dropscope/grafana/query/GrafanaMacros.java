package dev.dropscope.grafana.query;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands what Grafana expands in a query before it reaches the database or Prometheus, so tests
 * can run the dashboards' queries without Grafana.
 *
 * <p>SQL, as Grafana's PostgreSQL datasource does it: {@code $__interval} and {@code
 * $__interval_ms} first, then the macros {@code $__time(col)}, {@code $__timeEpoch(col)}, {@code
 * $__timeFilter(col)} → {@code col BETWEEN '<from>' AND '<to>'} (RFC 3339, UTC), {@code
 * $__timeFrom()}, {@code $__timeTo()}, {@code $__timeGroup(col, interval[, fill])} → {@code
 * floor(extract(epoch from col)/secs)*secs}, {@code $__timeGroupAlias(col, interval)} → the same
 * {@code AS "time"}, and {@code $__unixEpochFilter(col)}. The fill argument only matters to
 * Grafana's post-processing and is ignored. An unknown macro is an error.
 *
 * <p>PromQL: {@code $__rate_interval}, {@code $__interval}, {@code $__interval_ms}, {@code
 * $__range}, {@code $__range_s}, {@code $__range_ms} and dashboard variables ({@code $name}, {@code
 * ${name}}, {@code [[name]]}). An unknown variable is an error.
 */
public final class GrafanaMacros {
  private static final Pattern MACRO = Pattern.compile("\\$__(\\w+)\\(");
  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\$(\\w+)|\\[\\[(\\w+)]]");
  private static final Pattern INTERVAL = Pattern.compile("(\\d+)(ms|s|m|h|d|w|y)");
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  /** A unit of Grafana's intervals; weeks are read but never written. */
  private record IntervalUnit(String name, Duration size, boolean formats) {}

  /** Largest first, as {@link #formatInterval} tries them. */
  private static final List<IntervalUnit> UNITS =
      List.of(
          new IntervalUnit("y", Duration.ofDays(365), true),
          new IntervalUnit("w", Duration.ofDays(7), false),
          new IntervalUnit("d", Duration.ofDays(1), true),
          new IntervalUnit("h", Duration.ofHours(1), true),
          new IntervalUnit("m", Duration.ofMinutes(1), true),
          new IntervalUnit("s", Duration.ofSeconds(1), true),
          new IntervalUnit("ms", Duration.ofMillis(1), true));

  /**
   * Grafana's rounding of an interval ({@code roundInterval}): below the first bound, the second
   * value, in milliseconds; above the last bound a year.
   */
  private static final long[][] ROUNDING = {
    {15, 10},
    {35, 20},
    {75, 50},
    {150, 100},
    {350, 200},
    {750, 500},
    {1_500, 1_000},
    {3_500, 2_000},
    {7_500, 5_000},
    {12_500, 10_000},
    {17_500, 15_000},
    {25_000, 20_000},
    {45_000, 30_000},
    {90_000, 60_000},
    {210_000, 120_000},
    {450_000, 300_000},
    {750_000, 600_000},
    {1_050_000, 900_000},
    {1_500_000, 1_200_000},
    {2_700_000, 1_800_000},
    {5_400_000, 3_600_000},
    {9_000_000, 7_200_000},
    {16_200_000, 10_800_000},
    {32_400_000, 21_600_000},
    {86_400_000, 43_200_000},
    {604_800_000, 86_400_000},
    {1_814_400_000, 604_800_000},
    {3_628_800_000L, 2_592_000_000L},
  };

  private static final long A_YEAR_MS = 31_536_000_000L;

  private GrafanaMacros() {}

  /**
   * The {@code $__interval} Grafana picks for a panel: the range divided by the panel's maximum
   * number of data points (its width in pixels unless set), rounded to one of Grafana's steps (30
   * days over 1,000 points: 30m; 365 days: 6h), and at least the datasource's minimum interval
   * ({@code 1m} for the PostgreSQL datasource unless its {@code timeInterval} says otherwise).
   */
  public static Duration interval(
      Instant from, Instant to, int maxDataPoints, Duration minInterval) {
    if (maxDataPoints < 1) {
      throw new IllegalArgumentException(
          "maxDataPoints must be at least 1, found " + maxDataPoints);
    }
    long raw = Duration.between(from, to).toMillis() / maxDataPoints;
    long rounded = A_YEAR_MS;
    for (long[] step : ROUNDING) {
      if (raw < step[0]) {
        rounded = step[1];
        break;
      }
    }
    return Duration.ofMillis(Math.max(rounded, minInterval.toMillis()));
  }

  /** {@code sql} with Grafana's PostgreSQL macros expanded for the range and interval given. */
  public static String sql(String sql, Instant from, Instant to, Duration interval) {
    String text =
        sql.replace("$__interval_ms", Long.toString(interval.toMillis()))
            .replace("$__interval", formatInterval(interval));
    StringBuilder out = new StringBuilder();
    int at = 0;
    Matcher m = MACRO.matcher(text);
    while (m.find(at)) {
      out.append(text, at, m.start());
      int close = closingParenthesis(text, m.end() - 1);
      List<String> args = arguments(text.substring(m.end(), close));
      out.append(macro(m.group(1), args, from, to));
      at = close + 1;
    }
    out.append(text.substring(at));
    String expanded = out.toString();
    int left = expanded.indexOf("$__");
    if (left >= 0) {
      throw new IllegalArgumentException(
          "unknown Grafana variable at '" + snippet(expanded, left) + "' in: " + sql);
    }
    return expanded;
  }

  /**
   * {@code expr} with Grafana's interval and range variables and the dashboard variables in {@code
   * variables} (name to value) expanded.
   */
  public static String promql(
      String expr,
      Map<String, String> variables,
      Duration rateInterval,
      Duration interval,
      Duration range) {
    Map<String, String> values = new HashMap<>(variables);
    values.put("__rate_interval", formatInterval(rateInterval));
    values.put("__interval", formatInterval(interval));
    values.put("__interval_ms", Long.toString(interval.toMillis()));
    values.put("__range", range.toSeconds() + "s");
    values.put("__range_s", Long.toString(range.toSeconds()));
    values.put("__range_ms", Long.toString(range.toMillis()));
    Matcher m = VARIABLE.matcher(expr);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      String value = values.get(name);
      if (value == null) {
        throw new IllegalArgumentException(
            "unknown variable $" + name + " in: " + expr + " (known: " + values.keySet() + ")");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * An interval as Grafana writes it: the largest whole unit, truncated ({@code 90s} → {@code 1m}),
   * e.g. {@code 1d}, {@code 5m}, {@code 100ms}.
   */
  public static String formatInterval(Duration d) {
    for (IntervalUnit u : UNITS) {
      if (u.formats && d.compareTo(u.size) >= 0) {
        return d.dividedBy(u.size) + u.name;
      }
    }
    return "1ms";
  }

  /** {@code 5m}, {@code '1d'}, {@code 30s}: the interval argument of {@code $__timeGroup}. */
  static Duration parseInterval(String text) {
    Matcher m = INTERVAL.matcher(text.strip().replace("'", "").replace("\"", ""));
    if (m.matches()) {
      for (IntervalUnit u : UNITS) {
        if (u.name.equals(m.group(2))) {
          return u.size.multipliedBy(Long.parseLong(m.group(1)));
        }
      }
    }
    throw new IllegalArgumentException(
        "expected an interval like 5m, 1h or 1d, found '" + text + "'");
  }

  private static String macro(String name, List<String> args, Instant from, Instant to) {
    return switch (name) {
      case "time" -> one(name, args) + " AS \"time\"";
      case "timeEpoch" -> "extract(epoch from " + one(name, args) + ") as \"time\"";
      case "timeFilter" ->
          one(name, args) + " BETWEEN '" + rfc3339(from) + "' AND '" + rfc3339(to) + "'";
      case "timeFrom" -> none(name, args, "'" + rfc3339(from) + "'");
      case "timeTo" -> none(name, args, "'" + rfc3339(to) + "'");
      case "timeGroup" -> timeGroup(name, args);
      case "timeGroupAlias" -> timeGroup(name, args) + " AS \"time\"";
      case "unixEpochFilter" -> {
        String col = one(name, args);
        yield col + " >= " + from.getEpochSecond() + " AND " + col + " <= " + to.getEpochSecond();
      }
      default ->
          throw new IllegalArgumentException(
              "unknown Grafana macro $__"
                  + name
                  + "(): not one Grafana's PostgreSQL datasource has");
    };
  }

  private static String timeGroup(String name, List<String> args) {
    if (args.size() < 2 || args.size() > 3) {
      throw new IllegalArgumentException(
          "$__"
              + name
              + " expects (column, interval[, fill]), found "
              + args.size()
              + " arguments");
    }
    String seconds =
        BigDecimal.valueOf(parseInterval(args.get(1)).toMillis(), 3)
            .stripTrailingZeros()
            .toPlainString();
    return "floor(extract(epoch from " + args.get(0) + ")/" + seconds + ")*" + seconds;
  }

  private static String one(String name, List<String> args) {
    if (args.size() != 1 || args.getFirst().isEmpty()) {
      throw new IllegalArgumentException(
          "$__" + name + " expects one column, found " + args.size() + " arguments " + args);
    }
    return args.getFirst();
  }

  private static String none(String name, List<String> args, String value) {
    if (!(args.isEmpty() || (args.size() == 1 && args.getFirst().isEmpty()))) {
      throw new IllegalArgumentException("$__" + name + "() takes no arguments, found " + args);
    }
    return value;
  }

  /** Go's RFC3339Nano in UTC: no fraction when whole, else without trailing zeros. */
  static String rfc3339(Instant t) {
    String base = SECONDS.format(t);
    if (t.getNano() == 0) {
      return base + "Z";
    }
    String fraction = String.format("%09d", t.getNano()).replaceAll("0+$", "");
    return base + "." + fraction + "Z";
  }

  /** The index of the ')' closing the '(' at {@code open}, skipping quoted text and nesting. */
  private static int closingParenthesis(String text, int open) {
    int depth = 0;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\'') {
        i = text.indexOf('\'', i + 1);
        if (i < 0) {
          break;
        }
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("unclosed macro call at '" + snippet(text, open) + "'");
  }

  /** The comma-separated arguments at the top level, stripped. */
  private static List<String> arguments(String inside) {
    List<String> args = new ArrayList<>();
    int depth = 0;
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < inside.length(); i++) {
      char c = inside.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted && c == '(') {
        depth++;
      } else if (!quoted && c == ')') {
        depth--;
      } else if (!quoted && depth == 0 && c == ',') {
        args.add(inside.substring(start, i).strip());
        start = i + 1;
      }
    }
    String last = inside.substring(start).strip();
    if (!args.isEmpty() || !last.isEmpty()) {
      args.add(last);
    }
    return args;
  }

  private static String snippet(String text, int at) {
    return text.substring(at, Math.min(text.length(), at + 30));
  }
}
