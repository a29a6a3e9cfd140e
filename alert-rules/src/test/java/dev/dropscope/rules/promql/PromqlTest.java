package dev.dropscope.rules.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dropscope.rules.promql.Expr.Aggregation;
import dev.dropscope.rules.promql.Expr.Binary;
import dev.dropscope.rules.promql.Expr.Call;
import dev.dropscope.rules.promql.Expr.Grouping;
import dev.dropscope.rules.promql.Expr.Matcher;
import dev.dropscope.rules.promql.Expr.MatrixSelector;
import dev.dropscope.rules.promql.Expr.NumberLiteral;
import dev.dropscope.rules.promql.Expr.Paren;
import dev.dropscope.rules.promql.Expr.Subquery;
import dev.dropscope.rules.promql.Expr.Unary;
import dev.dropscope.rules.promql.Expr.VectorMatching;
import dev.dropscope.rules.promql.Expr.VectorSelector;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The PromQL parser the static checks stand on: Prometheus's syntax and precedence. */
class PromqlTest {

  @Nested
  class Selectors {
    @Test
    void parses_a_metric_with_matchers() {
      assertThat(Promql.parse("up{job=\"dropscope\", instance=~\"bot-.*\"}"))
          .isEqualTo(
              new VectorSelector(
                  "up",
                  List.of(
                      new Matcher("job", "=", "dropscope"),
                      new Matcher("instance", "=~", "bot-.*"))));
    }

    @Test
    void takes_the_name_of_a_selector_from_its_name_matcher() {
      assertThat(Promql.parse("{__name__=\"up\"}"))
          .isEqualTo(new VectorSelector("up", List.of(new Matcher("__name__", "=", "up"))));
    }

    @Test
    void reads_a_range_with_compound_durations() {
      assertThat(Promql.parse("rate(x_total[1h30m])"))
          .isEqualTo(
              new Call(
                  "rate",
                  List.of(
                      new MatrixSelector(
                          new VectorSelector("x_total", List.of()), Duration.ofMinutes(90)))));
    }

    @Test
    void reads_recording_rule_names_with_colons() {
      assertThat(Promql.parse("instance:node_cpu_busy:ratio_rate5m"))
          .isEqualTo(new VectorSelector("instance:node_cpu_busy:ratio_rate5m", List.of()));
    }

    @Test
    void reads_subqueries_and_skips_offset_and_at() {
      assertThat(Promql.parse("max_over_time(rate(x_total[5m] offset 1h)[1h:1m] @ 1700000000)"))
          .isEqualTo(
              new Call(
                  "max_over_time",
                  List.of(
                      new Subquery(
                          new Call(
                              "rate",
                              List.of(
                                  new MatrixSelector(
                                      new VectorSelector("x_total", List.of()),
                                      Duration.ofMinutes(5)))),
                          Duration.ofHours(1),
                          Duration.ofMinutes(1)))));
    }
  }

  @Nested
  class Precedence {
    @Test
    void multiplication_binds_tighter_than_comparison() {
      Expr e = Promql.parse("a * 100 > 90");
      assertThat(e).isInstanceOf(Binary.class);
      Binary b = (Binary) e;
      assertThat(b.op()).isEqualTo(">");
      assertThat(((Binary) b.lhs()).op()).isEqualTo("*");
    }

    @Test
    void and_binds_tighter_than_or_and_looser_than_comparison() {
      Binary or = (Binary) Promql.parse("a > 1 and b or c");
      assertThat(or.op()).isEqualTo("or");
      Binary and = (Binary) or.lhs();
      assertThat(and.op()).isEqualTo("and");
      assertThat(((Binary) and.lhs()).op()).isEqualTo(">");
    }

    @Test
    void power_is_right_associative_and_binds_tighter_than_unary_minus() {
      Expr e = Promql.parse("-a ^ b ^ c");
      assertThat(e).isInstanceOf(Unary.class);
      Binary pow = (Binary) ((Unary) e).expr();
      assertThat(pow.op()).isEqualTo("^");
      assertThat(pow.rhs()).isInstanceOf(Binary.class);
    }

    @Test
    void a_negative_number_is_a_literal() {
      assertThat(Promql.parse("-1.5e3")).isEqualTo(new NumberLiteral(-1500));
    }
  }

  @Nested
  class Modifiers {
    @Test
    void reads_on_and_group_left() {
      Binary b = (Binary) Promql.parse("a / on (instance) group_left (device) b");
      assertThat(b.matching())
          .isEqualTo(
              new VectorMatching(true, List.of("instance"), "many-to-one", List.of("device")));
    }

    @Test
    void reads_bool_on_a_comparison() {
      Binary b = (Binary) Promql.parse("a > bool 1");
      assertThat(b.returnBool()).isTrue();
    }

    @Test
    void reads_the_grouping_before_or_after_the_aggregation() {
      Aggregation before = (Aggregation) Promql.parse("sum by (a) (x)");
      Aggregation after = (Aggregation) Promql.parse("sum(x) without (b)");
      assertThat(before.grouping()).isEqualTo(new Grouping(false, List.of("a")));
      assertThat(after.grouping()).isEqualTo(new Grouping(true, List.of("b")));
    }

    @Test
    void reads_the_parameter_of_topk() {
      Aggregation a = (Aggregation) Promql.parse("topk(3, x)");
      assertThat(a.param()).isEqualTo(new NumberLiteral(3));
    }

    @Test
    void keeps_parentheses() {
      assertThat(Promql.parse("(x)")).isEqualTo(new Paren(new VectorSelector("x", List.of())));
    }
  }

  @Nested
  class Errors {
    @Test
    void rejects_an_unknown_function() {
      assertThatThrownBy(() -> Promql.parse("rates(x[5m])"))
          .isInstanceOf(PromqlException.class)
          .hasMessage("unknown function 'rates' at 0");
    }

    @Test
    void rejects_a_wrong_number_of_arguments() {
      assertThatThrownBy(() -> Promql.parse("histogram_quantile(x)"))
          .hasMessage("histogram_quantile() takes 2 arguments, found 1");
    }

    @Test
    void rejects_an_unclosed_parenthesis() {
      assertThatThrownBy(() -> Promql.parse("sum(rate(x[5m])"))
          .hasMessage("expected ')' closing sum(...) at 15, found the end of the expression");
    }

    @Test
    void rejects_a_range_on_an_expression() {
      assertThatThrownBy(() -> Promql.parse("rate(x[5m])[5m]"))
          .hasMessageStartingWith("a range [..] applies to a metric selector only");
    }

    @Test
    void rejects_trailing_tokens() {
      assertThatThrownBy(() -> Promql.parse("up 0"))
          .hasMessage("expected an operator or the end of the expression at 3, found '0'");
    }
  }

  @Test
  void formats_durations_the_way_prometheus_writes_them() {
    assertThat(Promql.format(Duration.ofMinutes(5))).isEqualTo("5m");
    assertThat(Promql.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(Promql.format(Duration.ofDays(1))).isEqualTo("1d");
    assertThat(Promql.format(Duration.ofDays(14))).isEqualTo("2w");
    assertThat(Promql.format(Duration.ofMillis(1500))).isEqualTo("1s500ms");
    assertThat(Promql.format(Duration.ZERO)).isEqualTo("0s");
  }

  @Test
  void lists_the_metrics_an_expression_selects() {
    assertThat(Promql.metricNames(Promql.parse("sum(rate(a_total[5m])) / on() group_left b + 1")))
        .containsExactly("a_total", "b");
  }
}
