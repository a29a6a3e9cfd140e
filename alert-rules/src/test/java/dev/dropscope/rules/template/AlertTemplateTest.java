package dev.dropscope.rules.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Annotation templates: the supported subset renders as Prometheus does; the rest is refused. */
class AlertTemplateTest {
  private static final Map<String, String> LABELS =
      Map.of("instance", "bot-1:19100", "task", "bridge");

  @Nested
  class Rendering {
    @Test
    void expands_labels_and_the_value() {
      AlertTemplate t =
          AlertTemplate.parse("{{ $labels.task }} on {{ $labels.instance }}: {{ $value }}");
      assertThat(t.render(LABELS, 0.25)).isEqualTo("bridge on bot-1:19100: 0.25");
      assertThat(t.labels()).containsExactlyInAnyOrder("task", "instance");
      assertThat(t.usesValue()).isTrue();
    }

    @Test
    void pipes_the_value_through_functions() {
      assertThat(AlertTemplate.parse("{{ $value | humanizePercentage }}").render(LABELS, 0.2))
          .isEqualTo("20%");
      assertThat(AlertTemplate.parse("{{ .Value | humanize }}").render(LABELS, 1500))
          .isEqualTo("1.5k");
    }

    @Test
    void formats_with_printf() {
      assertThat(AlertTemplate.parse("{{ printf \"%.2f\" $value }}").render(LABELS, 2.345))
          .isEqualTo("2.35");
      assertThat(AlertTemplate.parse("{{ $value | printf \"%.1f%%\" }}").render(LABELS, 97.25))
          .isEqualTo("97.2%");
    }

    @Test
    void changes_case_of_label_values() {
      assertThat(AlertTemplate.parse("{{ $labels.task | toUpper }}").render(LABELS, 0))
          .isEqualTo("BRIDGE");
      assertThat(AlertTemplate.parse("{{ $labels.task | title }}").render(LABELS, 0))
          .isEqualTo("Bridge");
    }

    @Test
    void trims_whitespace_next_to_trim_markers() {
      assertThat(AlertTemplate.parse("a  {{- $labels.task -}}  b").render(LABELS, 0))
          .isEqualTo("abridgeb");
    }
  }

  @Nested
  class Refusals {
    @Test
    void refuses_an_unknown_function() {
      assertThatThrownBy(() -> AlertTemplate.parse("{{ $value | humanise }}"))
          .isInstanceOf(TemplateException.class)
          .hasMessage(
              "unknown function 'humanise' in {{ $value | humanise }}; use one of humanize,"
                  + " humanize1024, humanizeDuration, humanizePercentage, printf, title, toLower, toUpper");
    }

    @Test
    void refuses_an_unclosed_action() {
      assertThatThrownBy(() -> AlertTemplate.parse("at {{ $value"))
          .hasMessage("unclosed action '{{ $value': expected '}}'");
    }

    @Test
    void refuses_a_stray_closing_brace() {
      assertThatThrownBy(() -> AlertTemplate.parse("at $value }}"))
          .hasMessage("'}}' without a matching '{{'");
    }

    @Test
    void refuses_control_structures() {
      assertThatThrownBy(() -> AlertTemplate.parse("{{ if $value }}x{{ end }}"))
          .hasMessage(
              "control structures ('if') are not supported in annotations: {{ if $value }}");
    }

    @Test
    void refuses_printf_s_of_a_number() {
      assertThatThrownBy(() -> AlertTemplate.parse("{{ printf \"%s\" $value }}"))
          .hasMessage(
              "printf %s of a number prints %!s(float64=...); use %v or %.2f in {{ printf \"%s\" $value }}");
    }

    @Test
    void refuses_a_humanize_function_on_nothing() {
      assertThatThrownBy(() -> AlertTemplate.parse("{{ humanize }}"))
          .hasMessage("humanize takes one value, found 0 in {{ humanize }}");
    }

    @Test
    void refuses_an_unknown_operand() {
      assertThatThrownBy(() -> AlertTemplate.parse("{{ .Foo }}"))
          .hasMessage(
              "expected $value, $labels.<name>, a quoted string or a number in {{ .Foo }}, found '.Foo'");
    }
  }
}
