package dev.dropscope.rules.check;

import dev.dropscope.rules.catalog.Catalog;
import dev.dropscope.rules.catalog.CatalogMetric;
import dev.dropscope.rules.catalog.MetricKind;
import dev.dropscope.rules.model.Bundle;
import dev.dropscope.rules.model.Condition;
import dev.dropscope.rules.model.Rule;
import dev.dropscope.rules.model.RuleGroup;
import dev.dropscope.rules.model.Severity;
import dev.dropscope.rules.promql.Expr;
import dev.dropscope.rules.promql.Expr.Binary;
import dev.dropscope.rules.promql.Expr.VectorSelector;
import dev.dropscope.rules.promql.Promql;
import dev.dropscope.rules.promql.PromqlException;
import dev.dropscope.rules.spec.RuleFileSpec;
import dev.dropscope.rules.spec.RuleFileSpec.AlertSpec;
import dev.dropscope.rules.spec.RuleFileSpec.RecordSpec;
import dev.dropscope.rules.spec.Settings;
import dev.dropscope.rules.template.AlertTemplate;
import dev.dropscope.rules.template.TemplateException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns rule spec files into checked rules, or refuses them with every problem found. Besides each
 * field's shape it runs the static checks: metrics exist, the alert compares, counters only under
 * rate/increase, range windows long enough, absent() alerts wait ({@code for}), names unique,
 * annotation templates valid and using only labels the alert has, test data covering its checks.
 */
public final class RuleCompiler {
  private static final Pattern PACK = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Pattern ALERT_NAME = Pattern.compile("[A-Z][a-zA-Z0-9]*");
  private static final Pattern RECORD_NAME =
      Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*:[a-zA-Z_][a-zA-Z0-9_]*:[a-zA-Z0-9_]+");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern ANCHOR = Pattern.compile("[a-z0-9][a-z0-9-]*");
  private static final Set<String> RESERVED_LABELS =
      Set.of("severity", "priority", "pack", "alertname");
  private static final int MAX_PRECEDENCE_NEEDING_PARENS = 3;

  private final Settings settings;
  private final Catalog baseCatalog;
  private final TestDataChecks tests;

  /** One spec file: where it came from (for messages), its stem and its content. */
  public record SpecFile(String source, String stem, RuleFileSpec spec) {}

  public RuleCompiler(Settings settings, Catalog catalog) {
    this.settings = settings;
    this.baseCatalog = catalog;
    this.tests = new TestDataChecks(settings.testInterval());
  }

  /**
   * Compiles the files in the given order.
   *
   * @throws SpecException listing every problem, when there is one
   */
  public Bundle compile(List<SpecFile> files) {
    List<Problem> problems = new ArrayList<>();
    // pass 1: recording rules, so that alerts (and other files) may use the series they record
    Catalog catalog = baseCatalog;
    Map<SpecFile, List<Rule.Recording>> recordings = new LinkedHashMap<>();
    Map<String, String> recordNames = new HashMap<>();
    for (SpecFile f : files) {
      List<Rule.Recording> out = new ArrayList<>();
      List<RecordSpec> specs = f.spec().recording();
      for (int i = 0; i < specs.size(); i++) {
        String path = "recording[" + i + "]";
        Problems p = new Problems(f.source(), problems);
        Rule.Recording r = recording(path, specs.get(i), catalog, p);
        if (r == null) {
          continue;
        }
        String previous = recordNames.putIfAbsent(r.record(), f.source() + " " + path);
        if (previous != null) {
          p.add(
              path
                  + ".record: expected a name no other recording rule uses, found '"
                  + r.record()
                  + "' (also "
                  + previous
                  + ")");
          continue;
        }
        out.add(r);
        Shape shape = new OutputLabels(catalog, settings.targetLabels()).of(Promql.parse(r.expr()));
        List<String> labels = null;
        if (shape.known()) {
          List<String> l = new ArrayList<>(shape.labels());
          r.labels()
              .keySet()
              .forEach(
                  k -> {
                    if (!l.contains(k)) {
                      l.add(k);
                    }
                  });
          labels = List.copyOf(l);
        }
        catalog =
            catalog.withRecorded(
                List.of(
                    new CatalogMetric(
                        r.record(),
                        MetricKind.RECORDED,
                        labels,
                        "recording rule in " + f.source())));
      }
      recordings.put(f, out);
    }
    // pass 2: alerts
    List<RuleGroup> groups = new ArrayList<>();
    Map<String, String> alertNames = new HashMap<>();
    for (SpecFile f : files) {
      Problems p = new Problems(f.source(), problems);
      String pack = f.spec().pack();
      if (pack == null || !PACK.matcher(pack).matches()) {
        p.add(
            "pack: expected a lower-case name like airdrops ([a-z][a-z0-9_]*), found "
                + quote(pack));
      }
      if (f.spec().alerts().isEmpty() && f.spec().recording().isEmpty()) {
        p.add("alerts: expected at least one alert or recording rule, found nothing");
      }
      List<Rule.Alert> alerts = new ArrayList<>();
      for (int i = 0; i < f.spec().alerts().size(); i++) {
        String path = "alerts[" + i + "]";
        AlertSpec spec = f.spec().alerts().get(i);
        Rule.Alert a = alert(path, spec, pack, catalog, f.source(), p);
        if (spec.name() != null) {
          String previous = alertNames.putIfAbsent(spec.name(), f.source() + " " + path);
          if (previous != null) {
            p.add(
                path
                    + ".name: expected a name no other alert uses, found '"
                    + spec.name()
                    + "' (also "
                    + previous
                    + ")");
            continue;
          }
        }
        if (a != null) {
          alerts.add(a);
        }
      }
      groups.add(
          new RuleGroup(
              f.stem(),
              pack,
              f.spec().description(),
              f.source(),
              List.copyOf(recordings.get(f)),
              List.copyOf(alerts)));
    }
    if (!problems.isEmpty()) {
      throw new SpecException(problems);
    }
    return new Bundle(List.copyOf(groups));
  }

  // ---- recording rules ----

  private Rule.Recording recording(String path, RecordSpec spec, Catalog catalog, Problems p) {
    int before = p.size();
    if (spec.record() == null || !RECORD_NAME.matcher(spec.record()).matches()) {
      p.add(
          path
              + ".record: expected a name like level:metric:operations"
              + " (instance:airdrops_tasks_failed:ratio_rate10m), found "
              + quote(spec.record()));
    }
    Expr expr = parse(path + ".expr", spec.expr(), p);
    if (expr != null) {
      new ExprChecks(catalog, settings.scrapeInterval(), settings.minRangeFactor())
          .check(path + ".expr", expr)
          .forEach(p::add);
      if (ExprChecks.hasComparison(expr)) {
        p.add(
            path
                + ".expr: expected a value to record, not a filter, found a comparison in '"
                + oneLine(spec.expr())
                + "' (use the bool modifier or move the comparison into an alert)");
      }
    }
    Map<String, String> labels = labels(path + ".labels", spec.labels(), Set.of(), p);
    Rule.RecordTest test = tests.recordTest(path + ".test", spec.test(), p);
    if (p.size() > before) {
      return null;
    }
    return new Rule.Recording(spec.record(), spec.expr().strip(), labels, test, path);
  }

  // ---- alerts ----

  private Rule.Alert alert(
      String path, AlertSpec spec, String pack, Catalog catalog, String source, Problems p) {
    int before = p.size();
    if (spec.name() == null
        || !ALERT_NAME.matcher(spec.name()).matches()
        || spec.name().chars().noneMatch(Character::isLowerCase)) {
      p.add(
          path
              + ".name: expected a CamelCase alert name like HostCpuBusy, found "
              + quote(spec.name()));
    }
    Severity severity = Severity.parse(spec.severity());
    if (severity == null) {
      p.add(path + ".severity: expected low|medium|high|critical, found " + quote(spec.severity()));
    }
    Duration forDuration = spec.forDuration() != null ? spec.forDuration() : Duration.ZERO;
    String exprText = expression(path, spec, p);
    Expr expr = exprText == null ? null : parse(path + ".expr", exprText, p);
    Shape shape = null;
    if (expr != null) {
      new ExprChecks(catalog, settings.scrapeInterval(), settings.minRangeFactor())
          .check(path + "." + (spec.metric() != null ? "metric" : "expr"), expr)
          .forEach(p::add);
      if (!ExprChecks.hasComparison(expr)) {
        p.add(
            path
                + ".expr: expected a comparison (==, !=, >, <, >=, <=) or absent(), found '"
                + oneLine(exprText)
                + "' (add condition and threshold, or compare in the expression)");
      }
      if (ExprChecks.usesAbsent(expr) && forDuration.isZero()) {
        p.add(
            path
                + ".for: expected a duration for an alert on absent() (a series that vanishes for"
                + " one scrape should not page), found nothing");
      }
      shape = new OutputLabels(catalog, settings.targetLabels()).of(expr);
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    AlertTemplate summary = template(path + ".summary", spec.summary(), shape, p);
    AlertTemplate description = template(path + ".description", spec.description(), shape, p);
    String anchor = spec.runbook() != null ? spec.runbook() : anchor(spec.name());
    if (spec.runbook() != null && !ANCHOR.matcher(anchor).matches()) {
      p.add(
          path
              + ".runbook: expected an anchor in docs/runbooks.md like hostcpubusy, found "
              + quote(spec.runbook()));
    }
    annotations.put("summary", spec.summary());
    annotations.put("description", spec.description());
    annotations.put("runbook_url", settings.runbookBaseUrl() + "#" + anchor);

    Map<String, String> labels = new LinkedHashMap<>();
    if (severity != null) {
      labels.put("severity", severity.label());
      labels.put("priority", severity.priority());
    }
    labels.put("pack", pack);
    labels.putAll(labels(path + ".labels", spec.labels(), RESERVED_LABELS, p));

    // test data is judged against the expression only once the rest of the alert is sound
    Rule.AlertTest test =
        tests.alertTest(
            path + ".test",
            spec.test(),
            forDuration,
            expr != null && ExprChecks.usesAbsent(expr),
            p.size() == before ? shape : null,
            summary,
            description,
            p);
    if (p.size() > before) {
      return null;
    }
    return new Rule.Alert(
        spec.name(),
        exprText,
        forDuration,
        severity,
        labels,
        annotations,
        test,
        source + " " + path);
  }

  /**
   * The expression Prometheus evaluates: the spec's expr or metric, compared with the threshold.
   */
  private static String expression(String path, AlertSpec spec, Problems p) {
    if ((spec.metric() == null) == (spec.expr() == null)) {
      p.add(
          path
              + ": expected either metric or expr, found "
              + (spec.metric() == null ? "neither" : "both"));
      return null;
    }
    String value = spec.metric() != null ? spec.metric().strip() : spec.expr().strip();
    Condition condition = null;
    if (spec.condition() != null) {
      condition = Condition.parse(spec.condition());
      if (condition == null) {
        p.add(path + ".condition: expected gt|lt|eq|ne|gte|lte, found " + quote(spec.condition()));
        return null;
      }
    }
    if (spec.metric() != null) {
      Expr parsed = parse(path + ".metric", value, p);
      if (parsed == null) {
        return null;
      }
      if (!(parsed instanceof VectorSelector)) {
        p.add(
            path
                + ".metric: expected a metric name, optionally with matchers, found '"
                + oneLine(value)
                + "' (write expressions under expr)");
        return null;
      }
    }
    if (condition == null && spec.threshold() == null) {
      if (spec.metric() != null) {
        p.add(
            path
                + ".condition: expected gt|lt|eq|ne|gte|lte with a threshold for a metric, found nothing");
        return null;
      }
      return value;
    }
    if (condition == null) {
      p.add(
          path
              + ".condition: expected gt|lt|eq|ne|gte|lte to go with the threshold, found nothing");
      return null;
    }
    if (spec.threshold() == null) {
      p.add(path + ".threshold: expected a number to go with the condition, found nothing");
      return null;
    }
    Expr parsed;
    try {
      parsed = Promql.parse(value);
    } catch (PromqlException e) {
      return value; // reported when the composed expression is parsed
    }
    if (ExprChecks.comparesValue(parsed)) {
      p.add(
          path
              + ".condition: expected no condition when the expression already compares, found '"
              + spec.condition()
              + "' with '"
              + oneLine(value)
              + "'");
      return null;
    }
    boolean parens =
        parsed instanceof Binary b && precedence(b.op()) <= MAX_PRECEDENCE_NEEDING_PARENS;
    String lhs = parens ? "(" + value + ")" : value;
    String separator = value.contains("\n") ? "\n" : " ";
    return lhs + separator + condition.operator() + " " + number(spec.threshold());
  }

  private static int precedence(String op) {
    return switch (op) {
      case "or" -> 1;
      case "and", "unless" -> 2;
      case "==", "!=", ">", "<", ">=", "<=" -> 3;
      default -> 4;
    };
  }

  private AlertTemplate template(String path, String text, Shape shape, Problems p) {
    if (text == null || text.isBlank()) {
      p.add(path + ": expected a sentence for the operator (a template), found nothing");
      return null;
    }
    AlertTemplate t;
    try {
      t = AlertTemplate.parse(text);
    } catch (TemplateException e) {
      p.add(path + ": expected a valid template, found " + e.getMessage());
      return null;
    }
    if (shape != null && shape.known()) {
      for (String label : t.labels()) {
        if (!shape.labels().contains(label)) {
          p.add(
              path
                  + ": expected $labels of the alert's series ("
                  + (shape.labels().isEmpty()
                      ? "it has none"
                      : String.join(", ", new java.util.TreeSet<>(shape.labels())))
                  + "), found $labels."
                  + label);
        }
      }
    }
    return t;
  }

  private static Map<String, String> labels(
      String path, Map<String, String> labels, Set<String> reserved, Problems p) {
    if (labels == null) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    labels.forEach(
        (k, v) -> {
          if (!LABEL_NAME.matcher(k).matches() || k.startsWith("__")) {
            p.add(path + ": expected Prometheus label names, found '" + k + "'");
          } else if (reserved.contains(k)) {
            p.add(
                path
                    + "."
                    + k
                    + ": expected a label other than severity, priority, pack and alertname (the generator sets them), found '"
                    + k
                    + "'");
          } else if (v == null) {
            p.add(path + "." + k + ": expected a value, found nothing");
          } else {
            out.put(k, v);
          }
        });
    return out;
  }

  private static Expr parse(String path, String text, Problems p) {
    if (text == null || text.isBlank()) {
      p.add(path + ": expected a PromQL expression, found nothing");
      return null;
    }
    try {
      return Promql.parse(text);
    } catch (PromqlException e) {
      p.add(
          path + ": expected valid PromQL (" + e.getMessage() + "), found '" + oneLine(text) + "'");
      return null;
    }
  }

  private static String anchor(String name) {
    return name == null ? null : name.toLowerCase(java.util.Locale.ROOT);
  }

  /** A threshold as PromQL writes it: {@code 90}, {@code 0.1}, {@code 1000000}. */
  static String number(double d) {
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }

  private static String oneLine(String s) {
    return s.strip().replaceAll("\\s+", " ");
  }

  private static String quote(String s) {
    return s == null ? "nothing" : "'" + s + "'";
  }
}
