package dev.dropscope.rules.check;

import static dev.dropscope.rules.check.Specs.compile;
import static dev.dropscope.rules.check.Specs.file;
import static dev.dropscope.rules.check.Specs.problems;
import static dev.dropscope.rules.check.Specs.validAlertWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dropscope.rules.model.Bundle;
import dev.dropscope.rules.model.Rule;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The generator refuses bad specs: one nested class per static check, each test a bad spec and the
 * exact message it gets.
 */
class RuleCompilerTest {

  @Nested
  class AValidAlert {
    @Test
    void compiles_to_its_expression_compared_with_the_threshold() {
      Rule.Alert a = compile(validAlertWith()).alerts().findFirst().orElseThrow();
      assertThat(a.expr()).isEqualTo("up{job=\"dropscope\"} == 0");
      assertThat(a.forDuration()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void carries_severity_priority_and_pack_labels() {
      Rule.Alert a =
          compile(validAlertWith("labels: {team: bots}")).alerts().findFirst().orElseThrow();
      assertThat(a.labels())
          .containsExactly(
              Map.entry("severity", "critical"),
              Map.entry("priority", "critical"),
              Map.entry("pack", "exporter"),
              Map.entry("team", "bots"));
    }

    @Test
    void maps_each_level_to_the_severity_label_and_keeps_it_as_priority() {
      assertThat(severityOf("low"))
          .containsEntry("severity", "info")
          .containsEntry("priority", "low");
      assertThat(severityOf("medium"))
          .containsEntry("severity", "warning")
          .containsEntry("priority", "medium");
      assertThat(severityOf("high"))
          .containsEntry("severity", "critical")
          .containsEntry("priority", "high");
      assertThat(severityOf("critical"))
          .containsEntry("severity", "critical")
          .containsEntry("priority", "critical");
    }

    private Map<String, String> severityOf(String level) {
      return compile(validAlertWith("severity: " + level))
          .alerts()
          .findFirst()
          .orElseThrow()
          .labels();
    }

    @Test
    void gets_a_runbook_url_from_the_base_and_its_lower_case_name() {
      Rule.Alert a = compile(validAlertWith()).alerts().findFirst().orElseThrow();
      assertThat(a.annotations())
          .containsEntry(
              "runbook_url",
              "https://github.com/dropscope/dropscope/blob/main/docs/runbooks.md#dropscopeexporterdown");
    }

    @Test
    void parenthesizes_a_set_operation_before_comparing_it() {
      Bundle b =
          compile(
              validAlertWith(
                  "metric: ~",
                  "expr: 'dropscope_collector_success unless on (instance) up == 0'",
                  "summary: x",
                  "description: y",
                  "test: {fire: {series: {'dropscope_collector_success{collector=\"cpu\",instance=\"a:1\","
                      + "job=\"dropscope\"}': '0+0x20'}, from: 1m, labels: {collector: cpu, instance: 'a:1',"
                      + " job: dropscope}, value: 0}, quiet: {series: {'up{instance=\"a:1\",job=\"dropscope\"}':"
                      + " '1+0x30'}}}"));
      assertThat(b.alerts().findFirst().orElseThrow().expr())
          .isEqualTo("(dropscope_collector_success unless on (instance) up == 0) == 0");
    }

    @Test
    void leaves_an_arithmetic_expression_unparenthesized() {
      Bundle b =
          compile(
              validAlertWith(
                  "metric: ~",
                  "expr: 'dropscope_series / 100'",
                  "condition: gt",
                  "threshold: 0.5",
                  "summary: x",
                  "description: y"));
      assertThat(b.alerts().findFirst().orElseThrow().expr())
          .isEqualTo("dropscope_series / 100 > 0.5");
    }
  }

  @Nested
  class MetricExists {
    @Test
    void rejects_a_metric_no_pack_or_set_publishes_and_suggests_the_closest() {
      assertThat(problems(validAlertWith("metric: dropscope_colector_success")))
          .containsExactly(
              "rules/t.yml: alerts[0].metric: expected a metric of a pack, the host set, the exporter's"
                  + " own set or a recording rule, found 'dropscope_colector_success'"
                  + " (did you mean 'dropscope_collector_success'?)");
    }

    @Test
    void rejects_a_histogram_by_its_family_name() {
      assertThat(
              problems(
                  validAlertWith(
                      "metric: ~",
                      "expr: 'rate(trading_exchange_latency_seconds[5m])'",
                      "condition: gt",
                      "summary: x",
                      "description: y")))
          .containsExactly(
              "rules/t.yml: alerts[0].expr: expected trading_exchange_latency_seconds_bucket,"
                  + " trading_exchange_latency_seconds_count or trading_exchange_latency_seconds_sum"
                  + " (trading_exchange_latency_seconds is a histogram), found"
                  + " 'trading_exchange_latency_seconds'");
    }

    @Test
    void accepts_pack_host_exporter_and_recorded_series() {
      assertThat(
              problems(
                  file(
                      "r",
                      """
                      pack: host
                      recording:
                        - record: instance:x:sum
                          expr: sum by (instance) (node_load1 + airdrops_risk_level + dropscope_series)
                          test:
                            series: {'node_load1{instance="a"}': '1+0x10'}
                            at: 5m
                            expect: [{labels: {instance: a}, value: 1}]
                      """)))
          .isEmpty();
    }
  }

  @Nested
  class Comparison {
    @Test
    void rejects_an_expression_that_does_not_compare() {
      assertThat(
              problems(
                  validAlertWith(
                      "metric: ~",
                      "condition: ~",
                      "threshold: ~",
                      "expr: 'airdrops_risk_level'",
                      "summary: x",
                      "description: y")))
          .containsExactly(
              "rules/t.yml: alerts[0].expr: expected a comparison (==, !=, >, <, >=, <=) or absent(),"
                  + " found 'airdrops_risk_level' (add condition and threshold, or compare in the"
                  + " expression)");
    }

    @Test
    void does_not_count_a_comparison_that_only_excludes_series() {
      assertThat(
              problems(
                  validAlertWith(
                      "metric: ~",
                      "condition: ~",
                      "threshold: ~",
                      "expr: 'airdrops_risk_level unless on (instance) up == 0'",
                      "summary: x",
                      "description: y")))
          .containsExactly(
              "rules/t.yml: alerts[0].expr: expected a comparison (==, !=, >, <, >=, <=) or absent(),"
                  + " found 'airdrops_risk_level unless on (instance) up == 0' (add condition and"
                  + " threshold, or compare in the expression)");
    }

    @Test
    void rejects_a_condition_on_an_expression_that_already_compares() {
      assertThat(problems(validAlertWith("metric: ~", "expr: 'up == 0'")))
          .containsExactly(
              "rules/t.yml: alerts[0].condition: expected no condition when the expression already"
                  + " compares, found 'eq' with 'up == 0'");
    }

    @Test
    void rejects_an_unknown_condition() {
      assertThat(problems(validAlertWith("condition: greater")))
          .containsExactly(
              "rules/t.yml: alerts[0].condition: expected gt|lt|eq|ne|gte|lte, found 'greater'");
    }

    @Test
    void rejects_a_threshold_without_condition() {
      assertThat(problems(validAlertWith("condition: ~")))
          .containsExactly(
              "rules/t.yml: alerts[0].condition: expected gt|lt|eq|ne|gte|lte to go with the"
                  + " threshold, found nothing");
    }
  }

  @Nested
  class Counters {
    @Test
    void rejects_a_bare_counter() {
      assertThat(
              problems(
                  validAlertWith(
                      "metric: dropscope_journal_write_failures_total",
                      "condition: gt",
                      "summary: x",
                      "description: y")))
          .containsExactly(
              "rules/t.yml: alerts[0].metric: expected counter 'dropscope_journal_write_failures_total'"
                  + " inside rate(), irate(), increase() or resets(), found it bare");
    }

    @Test
    void rejects_a_counter_under_an_aggregation_or_other_function() {
      assertThat(
              problems(
                  validAlertWith(
                      "metric: ~",
                      "expr: 'sum(airdrops_claims_total) - delta(airdrops_fees_usd_total[5m])'",
                      "condition: gt",
                      "summary: x",
                      "description: y")))
          .containsExactly(
              "rules/t.yml: alerts[0].expr: expected counter 'airdrops_claims_total' inside rate(),"
                  + " irate(), increase() or resets(), found it under sum()",
              "rules/t.yml: alerts[0].expr: expected counter 'airdrops_fees_usd_total' inside rate(),"
                  + " irate(), increase() or resets(), found it under delta()");
    }

    @Test
    void treats_histogram_buckets_as_counters() {
      assertThat(
              problems(
                  validAlertWith(
                      "metric: ~",
                      "expr: 'trading_exchange_latency_seconds_count'",
                      "condition: gt",
                      "summary: x",
                      "description: y")))
          .containsExactly(
              "rules/t.yml: alerts[0].expr: expected counter 'trading_exchange_latency_seconds_count'"
                  + " inside rate(), irate(), increase() or resets(), found it bare");
    }
  }

  @Nested
  class RangeWindows {
    @Test
    void rejects_a_window_shorter_than_twice_the_scrape_interval() {
      assertThat(
              problems(
                  validAlertWith(
                      "metric: ~",
                      "expr: 'rate(airdrops_claims_total[20s])'",
                      "condition: gt",
                      "summary: x",
                      "description: y")))
          .containsExactly(
              "rules/t.yml: alerts[0].expr: expected a range of at least 30s (2 × the 15s scrape"
                  + " interval), found [20s] on airdrops_claims_total");
    }
  }

  @Nested
  class Absent {
    @Test
    void rejects_an_absent_alert_without_for() {
      assertThat(
              problems(
                  validAlertWith(
                      "metric: ~",
                      "condition: ~",
                      "threshold: ~",
                      "for: ~",
                      "expr: 'absent(up{job=\"dropscope\"})'",
                      "summary: '{{ $labels.job }} is gone'",
                      "description: y")))
          .containsExactly(
              "rules/t.yml: alerts[0].for: expected a duration for an alert on absent() (a series"
                  + " that vanishes for one scrape should not page), found nothing");
    }
  }

  @Nested
  class UniqueNames {
    @Test
    void rejects_an_alert_name_used_twice_across_files() {
      assertThat(problems(validAlertWith(), file("u", Specs.validAlertYaml())))
          .containsExactly(
              "rules/u.yml: alerts[0].name: expected a name no other alert uses, found"
                  + " 'DropscopeExporterDown' (also rules/t.yml alerts[0])");
    }

    @Test
    void rejects_a_recording_rule_name_used_twice() {
      String rule =
          """
            - record: instance:x:sum
              expr: sum by (instance) (node_load1)
              test:
                series: {'node_load1{instance="a"}': '1+0x10'}
                at: 5m
                expect: [{labels: {instance: a}, value: 1}]
          """;
      assertThat(problems(file("r", "pack: host\nrecording:\n" + rule + rule)))
          .containsExactly(
              "rules/r.yml: recording[1].record: expected a name no other recording rule uses, found"
                  + " 'instance:x:sum' (also rules/r.yml recording[0])");
    }
  }

  @Nested
  class Templates {
    @Test
    void rejects_a_label_the_alerts_series_does_not_have() {
      assertThat(problems(validAlertWith("summary: '{{ $labels.component }} is down'")))
          .containsExactly(
              "rules/t.yml: alerts[0].summary: expected $labels of the alert's series (instance,"
                  + " job), found $labels.component");
    }

    @Test
    void follows_labels_through_aggregations() {
      assertThat(
              problems(
                  validAlertWith(
                      "metric: ~",
                      "expr: 'sum by (instance, protocol) (rate(airdrops_claims_total[5m]))'",
                      "condition: gt",
                      "summary: '{{ $labels.protocol }} {{ $labels.status }}'",
                      "description: y")))
          .containsExactly(
              "rules/t.yml: alerts[0].summary: expected $labels of the alert's series (instance,"
                  + " protocol), found $labels.status");
    }

    @Test
    void rejects_an_invalid_template() {
      assertThat(problems(validAlertWith("description: '{{ $value | humanise }}'")))
          .containsExactly(
              "rules/t.yml: alerts[0].description: expected a valid template, found unknown function"
                  + " 'humanise' in {{ $value | humanise }}; use one of humanize, humanize1024,"
                  + " humanizeDuration, humanizePercentage, printf, title, toLower, toUpper");
    }

    @Test
    void rejects_a_missing_summary() {
      assertThat(problems(validAlertWith("summary: ~")))
          .containsExactly(
              "rules/t.yml: alerts[0].summary: expected a sentence for the operator (a template),"
                  + " found nothing");
    }
  }

  @Nested
  class Fields {
    @Test
    void rejects_a_name_that_is_not_camel_case() {
      assertThat(problems(validAlertWith("name: exporter_down")))
          .containsExactly(
              "rules/t.yml: alerts[0].name: expected a CamelCase alert name like HostCpuBusy, found"
                  + " 'exporter_down'");
    }

    @Test
    void rejects_an_unknown_severity() {
      assertThat(problems(validAlertWith("severity: warning")))
          .containsExactly(
              "rules/t.yml: alerts[0].severity: expected low|medium|high|critical, found 'warning'");
    }

    @Test
    void rejects_both_metric_and_expr() {
      assertThat(problems(validAlertWith("expr: up")))
          .containsExactly("rules/t.yml: alerts[0]: expected either metric or expr, found both");
    }

    @Test
    void rejects_a_label_the_generator_sets() {
      assertThat(problems(validAlertWith("labels: {severity: page}")))
          .containsExactly(
              "rules/t.yml: alerts[0].labels.severity: expected a label other than severity,"
                  + " priority, pack and alertname (the generator sets them), found 'severity'");
    }

    @Test
    void rejects_a_recording_rule_name_outside_the_convention() {
      assertThat(
              problems(
                  file(
                      "r",
                      """
                      pack: host
                      recording:
                        - record: cpu_busy
                          expr: node_load1
                          test:
                            series: {'node_load1{instance="a"}': '1+0x10'}
                            at: 5m
                            expect: [{labels: {instance: a}, value: 1}]
                      """)))
          .containsExactly(
              "rules/r.yml: recording[0].record: expected a name like level:metric:operations"
                  + " (instance:airdrops_tasks_failed:ratio_rate10m), found 'cpu_busy'");
    }

    @Test
    void rejects_invalid_promql_with_where_it_stopped() {
      assertThat(problems(validAlertWith("metric: ~", "expr: 'sum(up'", "condition: gt")))
          .containsExactly(
              "rules/t.yml: alerts[0].expr: expected valid PromQL (expected ')' closing sum(...) at"
                  + " 6, found the end of the expression), found 'sum(up'");
    }
  }

  @Nested
  class TestData {
    @Test
    void requires_fire_and_quiet() {
      assertThat(problems(validAlertWith("test: {quiet: {series: {'up{a=\"b\"}': '1+0x20'}}}")))
          .containsExactly(
              "rules/t.yml: alerts[0].test: expected fire (series, from, labels, value) and quiet"
                  + " (series) for the alert's unit tests, found no fire");
    }

    @Test
    void rejects_input_that_ends_before_the_checks() {
      String alert =
          """
          name: DropscopeExporterDown
          metric: up{job="dropscope"}
          condition: eq
          threshold: 0
          for: 1m
          severity: critical
          summary: down
          description: down
          test:
            fire:
              series: {'up{instance="a:1",job="dropscope"}': '0+0x1'}
              from: 1m
              labels: {instance: "a:1", job: dropscope}
            quiet:
              series: {'up{instance="a:1",job="dropscope"}': '1+0x30'}
          """;
      assertThat(problems(Specs.alert(alert)))
          .containsExactly(
              "rules/t.yml: alerts[0].test.fire.series['up{instance=\"a:1\",job=\"dropscope\"}']:"
                  + " expected samples up to 2m (3 values 1m apart), found 2 in '0+0x1'");
    }

    @Test
    void rejects_values_promtool_cannot_read() {
      String alert =
          """
          name: DropscopeExporterDown
          metric: up{job="dropscope"}
          condition: eq
          threshold: 0
          for: 1m
          severity: critical
          summary: down
          description: down
          test:
            fire:
              series: {'up{instance="a:1",job="dropscope"}': '0 to 10'}
              from: 1m
              labels: {instance: "a:1", job: dropscope}
            quiet:
              series: {'up{instance="a:1",job="dropscope"}': '1+0x30'}
          """;
      assertThat(problems(Specs.alert(alert)))
          .containsExactly(
              "rules/t.yml: alerts[0].test.fire.series['up{instance=\"a:1\",job=\"dropscope\"}']:"
                  + " expected promtool values like '0+1x30', '1 2 _ 4' or 'stale', found '0 to 10'");
    }

    @Test
    void requires_every_label_the_expression_keeps() {
      assertThat(
              problems(
                  validAlertWith(
                      "test: {fire: {series: {'up{instance=\"a:1\",job=\"dropscope\"}': '0+0x20'},"
                          + " from: 1m, labels: {instance: 'a:1'}, value: 0},"
                          + " quiet: {series: {'up{instance=\"a:1\",job=\"dropscope\"}': '1+0x30'}}}")))
          .containsExactly(
              "rules/t.yml: alerts[0].test.fire.labels: expected every label of the expression's"
                  + " result (instance, job), found instance");
    }

    @Test
    void requires_the_value_when_annotations_use_it() {
      String alert =
          """
          name: DropscopeExporterDown
          metric: up{job="dropscope"}
          condition: eq
          threshold: 0
          for: 1m
          severity: critical
          summary: down
          description: up is {{ $value }}
          test:
            fire:
              series: {'up{instance="a:1",job="dropscope"}': '0+0x10'}
              from: 1m
              labels: {instance: "a:1", job: dropscope}
            quiet:
              series: {'up{instance="a:1",job="dropscope"}': '1+0x30'}
          """;
      assertThat(problems(Specs.alert(alert)))
          .containsExactly(
              "rules/t.yml: alerts[0].test.fire.value: expected the expression's value when the"
                  + " alert fires ($value is in the annotations), found nothing");
    }
  }
}
