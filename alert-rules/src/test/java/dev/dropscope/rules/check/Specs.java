package dev.dropscope.rules.check;

import dev.dropscope.exporter.config.StrictYaml;
import dev.dropscope.rules.catalog.Catalog;
import dev.dropscope.rules.check.RuleCompiler.SpecFile;
import dev.dropscope.rules.model.Bundle;
import dev.dropscope.rules.spec.RuleFileSpec;
import dev.dropscope.rules.spec.Settings;
import java.util.ArrayList;
import java.util.List;

/** Builds rule spec files from YAML text and compiles them against the built-in catalog. */
final class Specs {
  private static final Catalog CATALOG = Catalog.builtIn();

  private Specs() {}

  static SpecFile file(String name, String yaml) {
    return new SpecFile(
        "rules/" + name + ".yml", name, new StrictYaml().read(yaml, RuleFileSpec.class));
  }

  static Bundle compile(SpecFile... files) {
    return new RuleCompiler(Settings.defaults(), CATALOG).compile(List.of(files));
  }

  /** The problems compiling the files gives, as printed ({@code file: path: message}). */
  static List<String> problems(SpecFile... files) {
    try {
      compile(files);
      return List.of();
    } catch (SpecException e) {
      List<String> out = new ArrayList<>();
      e.problems().forEach(p -> out.add(p.toString()));
      return out;
    }
  }

  /**
   * An alert spec file: {@code alert} is the YAML of one alert's keys (indented by four spaces), to
   * which a passing test block is added unless it has one.
   */
  static SpecFile alert(String alert) {
    return file("t", alertYaml(alert));
  }

  static String alertYaml(String alert) {
    String test =
        alert.contains("test:")
            ? ""
            : """
                test:
                  fire:
                    series: {'up{instance="a:1",job="dropscope"}': '0+0x20'}
                    from: 1m
                    labels: {instance: "a:1", job: dropscope}
                    value: 0
                  quiet:
                    series: {'up{instance="a:1",job="dropscope"}': '1+0x30'}
            """;
    return "pack: exporter\nalerts:\n  - " + alert.strip().replace("\n", "\n    ") + "\n" + test;
  }

  /**
   * A valid alert, in {@code rules/t.yml}, with {@code override} lines replacing or adding keys.
   */
  static SpecFile validAlertWith(String... overrides) {
    return file("t", validAlertYaml(overrides));
  }

  /**
   * The YAML of a spec file with a valid alert, {@code override} lines replacing or adding keys.
   */
  static String validAlertYaml(String... overrides) {
    java.util.Map<String, String> keys = new java.util.LinkedHashMap<>();
    keys.put("name", "DropscopeExporterDown");
    keys.put("metric", "up{job=\"dropscope\"}");
    keys.put("condition", "eq");
    keys.put("threshold", "0");
    keys.put("for", "1m");
    keys.put("severity", "critical");
    keys.put("summary", "'{{ $labels.instance }} is down'");
    keys.put("description", "'up is {{ $value }} on {{ $labels.instance }}'");
    for (String o : overrides) {
      int colon = o.indexOf(':');
      String key = o.substring(0, colon);
      String value = o.substring(colon + 1).strip();
      if (value.equals("~")) {
        keys.remove(key);
      } else {
        keys.put(key, value);
      }
    }
    StringBuilder yaml = new StringBuilder();
    keys.forEach((k, v) -> yaml.append(k).append(": ").append(v).append('\n'));
    return alertYaml(yaml.toString());
  }
}
