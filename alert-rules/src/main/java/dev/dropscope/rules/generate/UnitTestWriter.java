package dev.dropscope.rules.generate;

import dev.dropscope.rules.model.Rule;
import dev.dropscope.rules.model.RuleGroup;
import dev.dropscope.rules.model.Series;
import dev.dropscope.rules.promql.Promql;
import dev.dropscope.rules.template.AlertTemplate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Writes a group's promtool unit tests. Every alert gets a test that it is still pending one
 * evaluation before its {@code for} has elapsed and fires at that point with exact labels and
 * annotations, and a test that input close to the threshold leaves it quiet; every recording rule
 * gets a {@code promql_expr_test} of the series it records.
 */
final class UnitTestWriter {
  private UnitTestWriter() {}

  static String write(RuleGroup group, List<String> ruleFiles) {
    List<Object> tests = new ArrayList<>();
    for (Rule.Recording r : group.recordings()) {
      tests.add(recordingTest(r));
    }
    for (Rule.Alert a : group.alerts()) {
      tests.add(firingTest(a));
      tests.add(quietTest(a));
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("rule_files", ruleFiles);
    doc.put("evaluation_interval", Promql.format(interval(group)));
    doc.put("tests", tests);
    return YamlWriter.write(
        Generator.header(
            "rules/" + group.name() + ".yml",
            "promtool unit tests of "
                + group.groupName()
                + ": promtool test rules "
                + group.name()
                + ".test.yml"),
        doc);
  }

  private static Duration interval(RuleGroup group) {
    return group.alerts().stream()
        .map(a -> a.test().interval())
        .findFirst()
        .orElseGet(
            () ->
                group.recordings().stream()
                    .map(r -> r.test().interval())
                    .findFirst()
                    .orElse(Duration.ofMinutes(1)));
  }

  private static Map<String, Object> recordingTest(Rule.Recording r) {
    Rule.RecordTest t = r.test();
    Map<String, Object> test = new LinkedHashMap<>();
    test.put("name", r.record() + " records the expected samples");
    test.put("interval", Promql.format(t.interval()));
    test.put("input_series", series(t.series()));
    List<Object> samples = new ArrayList<>();
    for (Rule.Sample s : t.expect()) {
      Map<String, Object> sample = new LinkedHashMap<>();
      Map<String, String> labels = new TreeMap<>(s.labels());
      labels.putAll(r.labels());
      sample.put("labels", selector(r.record(), labels));
      sample.put("value", s.value());
      samples.add(sample);
    }
    Map<String, Object> expr = new LinkedHashMap<>();
    expr.put("expr", r.record());
    expr.put("eval_time", Promql.format(t.at()));
    expr.put("exp_samples", samples);
    test.put("promql_expr_test", List.of(expr));
    return test;
  }

  private static Map<String, Object> firingTest(Rule.Alert a) {
    Rule.AlertTest t = a.test();
    Duration firesAt = a.firesAt();
    Duration before = firesAt.minus(t.interval());
    Map<String, Object> test = new LinkedHashMap<>();
    test.put(
        "name",
        a.name()
            + (a.forDuration().isZero()
                ? " is quiet before its condition holds and fires when it does"
                : " is pending until its condition has held for "
                    + Promql.format(a.forDuration())
                    + ", then fires"));
    test.put("interval", Promql.format(t.interval()));
    test.put("input_series", series(t.fireSeries()));
    test.put(
        "alert_rule_test",
        List.of(
            expect(before, a.name(), List.of()), expect(firesAt, a.name(), List.of(firing(a)))));
    return test;
  }

  private static Map<String, Object> quietTest(Rule.Alert a) {
    Rule.AlertTest t = a.test();
    Duration firesAt = a.firesAt();
    Duration later = a.quietCheckedAgainAt();
    Map<String, Object> test = new LinkedHashMap<>();
    test.put("name", a.name() + " stays quiet on input close to its threshold");
    test.put("interval", Promql.format(t.interval()));
    test.put("input_series", series(t.quietSeries()));
    test.put(
        "alert_rule_test",
        List.of(expect(firesAt, a.name(), List.of()), expect(later, a.name(), List.of())));
    return test;
  }

  private static Map<String, Object> firing(Rule.Alert a) {
    Rule.AlertTest t = a.test();
    Map<String, String> labels = new TreeMap<>(t.exprLabels());
    labels.putAll(a.labels());
    Map<String, String> annotations = new LinkedHashMap<>();
    a.annotations()
        .forEach(
            (k, v) -> annotations.put(k, AlertTemplate.parse(v).render(t.exprLabels(), t.value())));
    Map<String, Object> alert = new LinkedHashMap<>();
    alert.put("exp_labels", new TreeMap<>(labels));
    alert.put("exp_annotations", annotations);
    return alert;
  }

  private static Map<String, Object> expect(Duration at, String alertname, List<Object> alerts) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("eval_time", Promql.format(at));
    e.put("alertname", alertname);
    e.put("exp_alerts", alerts);
    return e;
  }

  private static List<Object> series(List<Series> series) {
    List<Object> out = new ArrayList<>();
    for (Series s : series) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("series", s.series());
      m.put("values", s.values());
      out.add(m);
    }
    return out;
  }

  private static String selector(String name, Map<String, String> labels) {
    if (labels.isEmpty()) {
      return name;
    }
    return name
        + labels.entrySet().stream()
            .map(
                e ->
                    e.getKey()
                        + "=\""
                        + e.getValue().replace("\\", "\\\\").replace("\"", "\\\"")
                        + "\"")
            .collect(Collectors.joining(",", "{", "}"));
  }
}
