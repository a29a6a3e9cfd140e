package dev.dropscope.rules.generate;

import dev.dropscope.rules.model.Rule;
import dev.dropscope.rules.model.RuleGroup;
import dev.dropscope.rules.promql.Promql;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes a rule group as a Prometheus rule file: recording rules first, then the alerts. */
final class RuleFileWriter {
  private RuleFileWriter() {}

  static String write(RuleGroup group) {
    List<Object> rules = new ArrayList<>();
    for (Rule.Recording r : group.recordings()) {
      Map<String, Object> rule = new LinkedHashMap<>();
      rule.put("record", r.record());
      rule.put("expr", r.expr());
      if (!r.labels().isEmpty()) {
        rule.put("labels", r.labels());
      }
      rules.add(rule);
    }
    for (Rule.Alert a : group.alerts()) {
      Map<String, Object> rule = new LinkedHashMap<>();
      rule.put("alert", a.name());
      rule.put("expr", a.expr());
      if (!a.forDuration().isZero()) {
        rule.put("for", Promql.format(a.forDuration()));
      }
      rule.put("labels", a.labels());
      rule.put("annotations", a.annotations());
      rules.add(rule);
    }
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("name", group.groupName());
    g.put("rules", rules);
    return YamlWriter.write(
        Generator.header("rules/" + group.name() + ".yml", group.description()),
        Map.of("groups", List.of(g)));
  }
}
