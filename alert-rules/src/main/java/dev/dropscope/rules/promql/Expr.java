package dev.dropscope.rules.promql;

import java.time.Duration;
import java.util.List;

/**
 * A parsed PromQL expression: enough of the syntax tree for the static checks (which metrics an
 * expression reads, under which functions, over which ranges, what it compares and which labels its
 * result keeps). Parse one with {@link Promql#parse}.
 */
public sealed interface Expr {

  /** {@code 0.9}, {@code 1e3}, {@code Inf}. */
  record NumberLiteral(double value) implements Expr {}

  /** {@code "instance"}: only as a function or aggregation parameter. */
  record StringLiteral(String value) implements Expr {}

  /** {@code node_load1{instance="a"}}; {@code name} is null for a selector of only matchers. */
  record VectorSelector(String name, List<Matcher> matchers) implements Expr {}

  /** {@code node_cpu_seconds_total[5m]}. */
  record MatrixSelector(VectorSelector selector, Duration range) implements Expr {}

  /** {@code rate(x[5m])[1h:1m]}; {@code step} is null when left to the evaluation interval. */
  record Subquery(Expr expr, Duration range, Duration step) implements Expr {}

  /** {@code rate(x[5m])}. */
  record Call(String function, List<Expr> args) implements Expr {}

  /**
   * {@code sum by (instance) (x)}, {@code topk(3, x)}.
   *
   * @param param the first argument of topk, bottomk, quantile and count_values; else null
   * @param grouping null when the aggregation has no by or without clause
   */
  record Aggregation(String op, Expr param, Expr expr, Grouping grouping) implements Expr {}

  /**
   * {@code a / on (instance) group_left (device) b}.
   *
   * @param returnBool the {@code bool} modifier of a comparison
   * @param matching null when the operator has no on, ignoring or group modifier
   */
  record Binary(String op, Expr lhs, Expr rhs, boolean returnBool, VectorMatching matching)
      implements Expr {

    /** {@code ==}, {@code !=}, {@code >}, {@code <}, {@code >=}, {@code <=}. */
    public boolean isComparison() {
      return Promql.COMPARISONS.contains(op);
    }

    /** {@code and}, {@code or}, {@code unless}. */
    public boolean isSetOperator() {
      return op.equals("and") || op.equals("or") || op.equals("unless");
    }
  }

  /** {@code -x}. */
  record Unary(String op, Expr expr) implements Expr {}

  /** {@code (x)}. */
  record Paren(Expr expr) implements Expr {}

  /** A label matcher: {@code name op "value"} with op one of {@code = != =~ !~}. */
  record Matcher(String name, String op, String value) {}

  /** {@code by (a, b)} or {@code without (a, b)}. */
  record Grouping(boolean without, List<String> labels) {}

  /**
   * {@code on (a)} / {@code ignoring (a)} and an optional {@code group_left (b)} / {@code
   * group_right (b)}.
   *
   * @param on true for on, false for ignoring (or no clause)
   * @param card {@code one-to-one}, {@code many-to-one} (group_left) or {@code one-to-many}
   *     (group_right)
   * @param include the labels listed in the group modifier
   */
  record VectorMatching(boolean on, List<String> labels, String card, List<String> include) {}
}
