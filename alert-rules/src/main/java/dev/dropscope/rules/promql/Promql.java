package dev.dropscope.rules.promql;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parses PromQL as Prometheus 2.42 does, as far as the rule checks need: {@link #parse}. */
public final class Promql {
  /** The comparison operators. */
  public static final Set<String> COMPARISONS = Set.of("==", "!=", ">", "<", ">=", "<=");

  static final Set<String> WORD_OPERATORS = Set.of("and", "or", "unless", "atan2");

  static final Set<String> AGGREGATIONS =
      Set.of(
          "sum",
          "avg",
          "count",
          "min",
          "max",
          "group",
          "stddev",
          "stdvar",
          "topk",
          "bottomk",
          "count_values",
          "quantile");

  static final Set<String> PARAMETRIC = Set.of("topk", "bottomk", "count_values", "quantile");

  static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "offset",
          "bool",
          "and",
          "or",
          "unless",
          "atan2");

  /** Prometheus 2.42's functions and their minimum and maximum number of arguments. */
  static final Map<String, int[]> FUNCTIONS =
      Map.ofEntries(
          fn("abs", 1, 1),
          fn("absent", 1, 1),
          fn("absent_over_time", 1, 1),
          fn("acos", 1, 1),
          fn("acosh", 1, 1),
          fn("asin", 1, 1),
          fn("asinh", 1, 1),
          fn("atan", 1, 1),
          fn("atanh", 1, 1),
          fn("avg_over_time", 1, 1),
          fn("ceil", 1, 1),
          fn("changes", 1, 1),
          fn("clamp", 3, 3),
          fn("clamp_max", 2, 2),
          fn("clamp_min", 2, 2),
          fn("cos", 1, 1),
          fn("cosh", 1, 1),
          fn("count_over_time", 1, 1),
          fn("day_of_month", 0, 1),
          fn("day_of_week", 0, 1),
          fn("day_of_year", 0, 1),
          fn("days_in_month", 0, 1),
          fn("deg", 1, 1),
          fn("delta", 1, 1),
          fn("deriv", 1, 1),
          fn("exp", 1, 1),
          fn("floor", 1, 1),
          fn("histogram_quantile", 2, 2),
          fn("holt_winters", 3, 3),
          fn("hour", 0, 1),
          fn("idelta", 1, 1),
          fn("increase", 1, 1),
          fn("irate", 1, 1),
          fn("label_join", 3, Integer.MAX_VALUE),
          fn("label_replace", 5, 5),
          fn("last_over_time", 1, 1),
          fn("ln", 1, 1),
          fn("log10", 1, 1),
          fn("log2", 1, 1),
          fn("max_over_time", 1, 1),
          fn("min_over_time", 1, 1),
          fn("minute", 0, 1),
          fn("month", 0, 1),
          fn("pi", 0, 0),
          fn("predict_linear", 2, 2),
          fn("present_over_time", 1, 1),
          fn("quantile_over_time", 2, 2),
          fn("rad", 1, 1),
          fn("rate", 1, 1),
          fn("resets", 1, 1),
          fn("round", 1, 2),
          fn("scalar", 1, 1),
          fn("sgn", 1, 1),
          fn("sin", 1, 1),
          fn("sinh", 1, 1),
          fn("sort", 1, 1),
          fn("sort_desc", 1, 1),
          fn("sqrt", 1, 1),
          fn("stddev_over_time", 1, 1),
          fn("stdvar_over_time", 1, 1),
          fn("sum_over_time", 1, 1),
          fn("tan", 1, 1),
          fn("tanh", 1, 1),
          fn("time", 0, 0),
          fn("timestamp", 1, 1),
          fn("vector", 1, 1),
          fn("year", 0, 1));

  private Promql() {}

  /**
   * Parses {@code text}.
   *
   * @throws PromqlException saying what was expected where, e.g. {@code expected ')' closing the
   *     parenthesis at 12, found the end of the expression}
   */
  public static Expr parse(String text) {
    return new Parser(text).parseAll();
  }

  /** A PromQL duration ({@code 5m}, {@code 1h30m}), or null when {@code text} is not one. */
  public static Duration duration(String text) {
    return text == null ? null : Parser.parseDuration(text.strip());
  }

  /**
   * Formats a duration the way PromQL and Prometheus's YAML write it: {@code 1h30m}, {@code 5m}.
   */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    if (ms % 86_400_000L == 0) {
      long days = ms / 86_400_000L;
      return days % 7 == 0 ? days / 7 + "w" : days + "d";
    }
    StringBuilder out = new StringBuilder();
    long hours = ms / 3_600_000L;
    long minutes = ms / 60_000L % 60;
    long seconds = ms / 1000 % 60;
    long millis = ms % 1000;
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (minutes > 0) {
      out.append(minutes).append('m');
    }
    if (seconds > 0) {
      out.append(seconds).append('s');
    }
    if (millis > 0) {
      out.append(millis).append("ms");
    }
    return out.toString();
  }

  /** Every metric name the expression selects, in order of appearance. */
  public static List<String> metricNames(Expr e) {
    List<String> out = new ArrayList<>();
    collect(e, out);
    return out;
  }

  private static void collect(Expr e, List<String> out) {
    switch (e) {
      case Expr.VectorSelector v -> {
        if (v.name() != null) {
          out.add(v.name());
        }
      }
      case Expr.MatrixSelector m -> collect(m.selector(), out);
      case Expr.Call c -> c.args().forEach(a -> collect(a, out));
      case Expr.Aggregation a -> {
        if (a.param() != null) {
          collect(a.param(), out);
        }
        collect(a.expr(), out);
      }
      case Expr.Binary b -> {
        collect(b.lhs(), out);
        collect(b.rhs(), out);
      }
      case Expr.Paren p -> collect(p.expr(), out);
      case Expr.Unary u -> collect(u.expr(), out);
      case Expr.Subquery s -> collect(s.expr(), out);
      case Expr.NumberLiteral n -> {}
      case Expr.StringLiteral s -> {}
    }
  }

  private static Map.Entry<String, int[]> fn(String name, int min, int max) {
    return Map.entry(name, new int[] {min, max});
  }
}
