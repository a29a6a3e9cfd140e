package dev.dropscope.rules.template;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Numbers as Go's fmt and Prometheus's template functions print them; the expected strings are Go's
 * output, so annotations rendered for the unit tests match what Prometheus renders.
 */
class GoFormatTest {

  @Nested
  class PercentV {
    @Test
    void prints_the_shortest_decimal() {
      assertThat(GoFormat.v(0.95)).isEqualTo("0.95");
      assertThat(GoFormat.v(3)).isEqualTo("3");
      assertThat(GoFormat.v(100000)).isEqualTo("100000");
      assertThat(GoFormat.v(0.0001)).isEqualTo("0.0001");
    }

    @Test
    void switches_to_exponent_form_from_a_million_and_below_a_ten_thousandth() {
      assertThat(GoFormat.v(1e6)).isEqualTo("1e+06");
      assertThat(GoFormat.v(123456789)).isEqualTo("1.23456789e+08");
      assertThat(GoFormat.v(0.00001)).isEqualTo("1e-05");
    }

    @Test
    void prints_special_values_like_go() {
      assertThat(GoFormat.v(Double.NaN)).isEqualTo("NaN");
      assertThat(GoFormat.v(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
      assertThat(GoFormat.v(-0.5)).isEqualTo("-0.5");
    }
  }

  @Nested
  class PercentG {
    @Test
    void drops_trailing_zeros() {
      assertThat(GoFormat.g(95, 4)).isEqualTo("95");
      assertThat(GoFormat.g(100, 4)).isEqualTo("100");
      assertThat(GoFormat.g(0.000123, 4)).isEqualTo("0.000123");
    }

    @Test
    void rounds_to_the_precision_and_uses_exponents_at_it() {
      assertThat(GoFormat.g(2.4855, 4)).isEqualTo("2.486");
      assertThat(GoFormat.g(12346, 4)).isEqualTo("1.235e+04");
      assertThat(GoFormat.g(1000, 4)).isEqualTo("1000");
    }
  }

  @Test
  void f_rounds_half_to_even_on_the_exact_binary_value() {
    assertThat(GoFormat.f(0.125, 2)).isEqualTo("0.12");
    assertThat(GoFormat.f(2.675, 2)).isEqualTo("2.67"); // 2.67499999... in binary
    assertThat(GoFormat.f(3, 1)).isEqualTo("3.0");
  }

  @Test
  void humanize_uses_si_prefixes_both_ways() {
    assertThat(GoFormat.humanize(1234567)).isEqualTo("1.235M");
    assertThat(GoFormat.humanize(999)).isEqualTo("999");
    assertThat(GoFormat.humanize(0.001234)).isEqualTo("1.234m");
    assertThat(GoFormat.humanize(0)).isEqualTo("0");
  }

  @Test
  void humanize1024_uses_binary_prefixes() {
    assertThat(GoFormat.humanize1024(1536)).isEqualTo("1.5ki");
    assertThat(GoFormat.humanize1024(-1.001e11)).isEqualTo("-93.23Gi");
    assertThat(GoFormat.humanize1024(0.5)).isEqualTo("0.5");
  }

  @Test
  void humanize_percentage_multiplies_by_100() {
    assertThat(GoFormat.humanizePercentage(0.953)).isEqualTo("95.3%");
    assertThat(GoFormat.humanizePercentage(0.18181818181818182)).isEqualTo("18.18%");
  }

  @Test
  void humanize_duration_splits_days_to_seconds() {
    assertThat(GoFormat.humanizeDuration(90061)).isEqualTo("1d 1h 1m 1s");
    assertThat(GoFormat.humanizeDuration(61)).isEqualTo("1m 1s");
    assertThat(GoFormat.humanizeDuration(2.485)).isEqualTo("2.485s");
    assertThat(GoFormat.humanizeDuration(0.25)).isEqualTo("250ms");
    assertThat(GoFormat.humanizeDuration(0)).isEqualTo("0s");
  }
}
