package dev.dropscope.rules.check;

import dev.dropscope.rules.catalog.Catalog;
import dev.dropscope.rules.catalog.CatalogMetric;
import dev.dropscope.rules.catalog.MetricKind;
import dev.dropscope.rules.promql.Expr;
import dev.dropscope.rules.promql.Expr.Aggregation;
import dev.dropscope.rules.promql.Expr.Binary;
import dev.dropscope.rules.promql.Expr.Call;
import dev.dropscope.rules.promql.Expr.MatrixSelector;
import dev.dropscope.rules.promql.Expr.NumberLiteral;
import dev.dropscope.rules.promql.Expr.Paren;
import dev.dropscope.rules.promql.Expr.StringLiteral;
import dev.dropscope.rules.promql.Expr.Subquery;
import dev.dropscope.rules.promql.Expr.Unary;
import dev.dropscope.rules.promql.Expr.VectorSelector;
import dev.dropscope.rules.promql.Promql;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The checks on one expression, in the spirit of pint: every metric exists in the catalog, counters
 * are read only through rate(), irate(), increase() or resets(), range windows span at least {@code
 * min_range_factor} scrape intervals. Each finding is one message naming the path.
 */
final class ExprChecks {
  /** Functions a counter may be read under (absent and friends only look at presence). */
  static final Set<String> COUNTER_FUNCTIONS =
      Set.of(
          "rate", "irate", "increase", "resets", "absent", "absent_over_time", "present_over_time");

  private final Catalog catalog;
  private final Duration minRange;
  private final Duration scrapeInterval;
  private final int factor;

  ExprChecks(Catalog catalog, Duration scrapeInterval, int factor) {
    this.catalog = catalog;
    this.scrapeInterval = scrapeInterval;
    this.factor = factor;
    this.minRange = scrapeInterval.multipliedBy(factor);
  }

  /** Messages for {@code e}, each prefixed with {@code path}. */
  List<String> check(String path, Expr e) {
    List<String> out = new ArrayList<>();
    walk(path, e, null, out);
    return out;
  }

  /**
   * Whether the expression compares (or tests absence), so that it does not fire for every series.
   */
  static boolean hasComparison(Expr e) {
    return switch (e) {
      case Binary b when b.isComparison() -> !b.returnBool();
      // "x and y > 0" fires only where y > 0; "x unless y == 1" fires for every other x
      case Binary b when b.op().equals("and") -> hasComparison(b.lhs()) || hasComparison(b.rhs());
      case Binary b when b.op().equals("unless") -> hasComparison(b.lhs());
      case Binary b when b.op().equals("or") -> hasComparison(b.lhs()) && hasComparison(b.rhs());
      case Paren p -> hasComparison(p.expr());
      case Call c -> c.function().equals("absent") || c.function().equals("absent_over_time");
      default -> false;
    };
  }

  /**
   * Whether the expression's value is already compared (so that composing it with a condition and a
   * threshold would compare a comparison): a comparison, or the left side of and/unless.
   */
  static boolean comparesValue(Expr e) {
    return switch (e) {
      case Binary b when b.isComparison() -> !b.returnBool();
      case Binary b when b.op().equals("and") || b.op().equals("unless") -> comparesValue(b.lhs());
      case Binary b when b.op().equals("or") -> comparesValue(b.lhs()) || comparesValue(b.rhs());
      case Paren p -> comparesValue(p.expr());
      case Call c -> c.function().equals("absent") || c.function().equals("absent_over_time");
      default -> false;
    };
  }

  /** Whether {@code absent()} or {@code absent_over_time()} appears anywhere in the expression. */
  static boolean usesAbsent(Expr e) {
    return switch (e) {
      case Call c ->
          c.function().startsWith("absent") || c.args().stream().anyMatch(ExprChecks::usesAbsent);
      case Aggregation a -> usesAbsent(a.expr()) || (a.param() != null && usesAbsent(a.param()));
      case Binary b -> usesAbsent(b.lhs()) || usesAbsent(b.rhs());
      case Paren p -> usesAbsent(p.expr());
      case Unary u -> usesAbsent(u.expr());
      case Subquery s -> usesAbsent(s.expr());
      case NumberLiteral n -> false;
      case StringLiteral s -> false;
      case VectorSelector v -> false;
      case MatrixSelector m -> false;
    };
  }

  /**
   * @param under what immediately encloses {@code e}: a function ({@code rate()}), an aggregation
   *     ({@code sum()}), an operator ({@code the / operator}) or null at the top
   */
  private void walk(String path, Expr e, String under, List<String> out) {
    switch (e) {
      case VectorSelector v -> selector(path, v, under, out);
      case MatrixSelector m -> {
        selector(path, m.selector(), under, out);
        if (m.range().compareTo(minRange) < 0) {
          out.add(
              path
                  + ": expected a range of at least "
                  + Promql.format(minRange)
                  + " ("
                  + factor
                  + " × the "
                  + Promql.format(scrapeInterval)
                  + " scrape interval), found ["
                  + Promql.format(m.range())
                  + "] on "
                  + m.selector().name());
        }
      }
      case Call c -> c.args().forEach(a -> walk(path, a, c.function() + "()", out));
      case Aggregation a -> {
        if (a.param() != null) {
          walk(path, a.param(), a.op() + "()", out);
        }
        walk(path, a.expr(), a.op() + "()", out);
      }
      case Binary b when b.isComparison() || b.isSetOperator() -> {
        // comparing or filtering does not change what a counter's value means: still bare
        walk(path, b.lhs(), under, out);
        walk(path, b.rhs(), under, out);
      }
      case Binary b -> {
        walk(path, b.lhs(), "the " + b.op() + " operator", out);
        walk(path, b.rhs(), "the " + b.op() + " operator", out);
      }
      case Paren p -> walk(path, p.expr(), under, out);
      case Unary u -> walk(path, u.expr(), "the unary " + u.op(), out);
      case Subquery s -> walk(path, s.expr(), under, out);
      case NumberLiteral n -> {}
      case StringLiteral s -> {}
    }
  }

  private void selector(String path, VectorSelector v, String under, List<String> out) {
    if (v.name() == null) {
      return;
    }
    CatalogMetric m = catalog.series(v.name()).orElse(null);
    if (m == null) {
      CatalogMetric family = catalog.family(v.name()).orElse(null);
      if (family != null && family.kind() == MetricKind.HISTOGRAM) {
        out.add(
            path
                + ": expected "
                + v.name()
                + "_bucket, "
                + v.name()
                + "_count or "
                + v.name()
                + "_sum ("
                + v.name()
                + " is a histogram), found '"
                + v.name()
                + "'");
        return;
      }
      out.add(
          path
              + ": expected a metric of a pack, the host set, the exporter's own set or a recording"
              + " rule, found '"
              + v.name()
              + "'"
              + catalog.closest(v.name()).map(c -> " (did you mean '" + c + "'?)").orElse(""));
      return;
    }
    if (m.kind() == MetricKind.COUNTER) {
      String function =
          under != null && under.endsWith("()") ? under.substring(0, under.length() - 2) : null;
      if (function == null || !COUNTER_FUNCTIONS.contains(function)) {
        out.add(
            path
                + ": expected counter '"
                + v.name()
                + "' inside rate(), irate(), increase() or resets(), found it "
                + (under == null ? "bare" : "under " + under));
      }
    }
  }
}
