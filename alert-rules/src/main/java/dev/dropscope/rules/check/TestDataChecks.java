package dev.dropscope.rules.check;

import dev.dropscope.rules.model.Rule;
import dev.dropscope.rules.model.Series;
import dev.dropscope.rules.promql.Expr;
import dev.dropscope.rules.promql.Expr.VectorSelector;
import dev.dropscope.rules.promql.Promql;
import dev.dropscope.rules.promql.PromqlException;
import dev.dropscope.rules.spec.RuleFileSpec.AlertTestSpec;
import dev.dropscope.rules.spec.RuleFileSpec.RecordTestSpec;
import dev.dropscope.rules.spec.RuleFileSpec.SampleSpec;
import dev.dropscope.rules.template.AlertTemplate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks the test data of the specs: input series promtool can read, evaluation times on the test
 * interval, input long enough to cover every generated check, the labels and value the firing alert
 * must show.
 */
final class TestDataChecks {
  private final Duration interval;

  TestDataChecks(Duration interval) {
    this.interval = interval;
  }

  /** The unit test of a recording rule: input, evaluation time, expected samples. */
  Rule.RecordTest recordTest(String path, RecordTestSpec spec, Problems p) {
    if (spec == null) {
      p.add(path + ": expected series, at and expect for the rule's unit test, found nothing");
    } else {
      List<Series> series = series(path + ".series", spec.series(), false, p);
      Duration at = spec.at();
      if (at == null) {
        p.add(path + ".at: expected the evaluation time to check, e.g. 10m, found nothing");
      } else {
        onInterval(path + ".at", at, p);
        covers(path + ".series", spec.series(), at, p);
      }
      List<Rule.Sample> expect = new ArrayList<>();
      if (spec.expect() == null || spec.expect().isEmpty()) {
        p.add(path + ".expect: expected the samples the rule records at 'at', found nothing");
      } else {
        for (int i = 0; i < spec.expect().size(); i++) {
          SampleSpec s = spec.expect().get(i);
          if (s.value() == null) {
            p.add(path + ".expect[" + i + "].value: expected a number, found nothing");
            continue;
          }
          expect.add(new Rule.Sample(sorted(s.labels()), s.value()));
        }
      }
      return new Rule.RecordTest(interval, series, at, List.copyOf(expect));
    }
    return null;
  }

  /**
   * The unit test of an alert: fire and quiet input, when it must fire and with which labels.
   *
   * @param absent the alert tests absence, so its fire input may be empty
   * @param shape the expression's result, to check fire.labels against; null to skip
   */
  Rule.AlertTest alertTest(
      String path,
      AlertTestSpec spec,
      Duration forDuration,
      boolean absent,
      Shape shape,
      AlertTemplate summary,
      AlertTemplate description,
      Problems p) {
    if (spec == null || spec.fire() == null || spec.quiet() == null) {
      p.add(
          path
              + ": expected fire (series, from, labels, value) and quiet (series) for the alert's"
              + " unit tests, found "
              + (spec == null ? "nothing" : spec.fire() == null ? "no fire" : "no quiet"));
      return null;
    }
    var fire = spec.fire();
    List<Series> fireSeries = series(path + ".fire.series", fire.series(), absent, p);
    Duration from = fire.from();
    Duration fireAt = null;
    if (from == null) {
      p.add(
          path
              + ".fire.from: expected the first evaluation at which the condition holds, e.g. 5m, found nothing");
    } else if (onInterval(path + ".fire.from", from, p)) {
      if (forDuration.isZero() && from.compareTo(interval) < 0) {
        p.add(
            path
                + ".fire.from: expected at least "
                + Promql.format(interval)
                + " (an alert without for is checked quiet one interval before it fires), found "
                + Promql.format(from));
      }
      fireAt = Rule.Alert.firesAt(from, forDuration, interval);
      covers(path + ".fire.series", fire.series(), fireAt, p);
      covers(
          path + ".quiet.series",
          spec.quiet().series(),
          fireAt.plus(Rule.Alert.quietMargin(forDuration, interval)),
          p);
    }
    if (fire.labels() != null
        && shape != null
        && shape.known()
        && !fire.labels().keySet().containsAll(shape.labels())) {
      p.add(
          path
              + ".fire.labels: expected every label of the expression's result ("
              + String.join(", ", new TreeSet<>(shape.labels()))
              + "), found "
              + (fire.labels().isEmpty()
                  ? "none"
                  : String.join(", ", new TreeSet<>(fire.labels().keySet()))));
    }
    if (fire.labels() == null) {
      p.add(
          path
              + ".fire.labels: expected the labels of the expression's result series ({} for none), found nothing");
    }
    boolean usesValue =
        (summary != null && summary.usesValue())
            || (description != null && description.usesValue());
    if (fire.value() == null && usesValue) {
      p.add(
          path
              + ".fire.value: expected the expression's value when the alert fires ($value is in the annotations), found nothing");
    }
    List<Series> quiet = series(path + ".quiet.series", spec.quiet().series(), false, p);
    return new Rule.AlertTest(
        interval,
        fireSeries,
        from,
        sorted(fire.labels()),
        fire.value() != null ? fire.value() : 0,
        quiet);
  }

  boolean onInterval(String path, Duration d, Problems p) {
    if (d.toMillis() % interval.toMillis() != 0) {
      p.add(
          path
              + ": expected a multiple of the test interval "
              + Promql.format(interval)
              + ", found "
              + Promql.format(d));
      return false;
    }
    return true;
  }

  private void covers(String path, Map<String, String> series, Duration until, Problems p) {
    if (series == null) {
      return;
    }
    long needed = until.toMillis() / interval.toMillis() + 1;
    series.forEach(
        (name, values) -> {
          int n = SeriesNotation.count(values);
          if (n >= 0 && n < needed) {
            p.add(
                path
                    + "['"
                    + name
                    + "']: expected samples up to "
                    + Promql.format(until)
                    + " ("
                    + needed
                    + " values "
                    + Promql.format(interval)
                    + " apart), found "
                    + n
                    + " in '"
                    + values
                    + "'");
          }
        });
  }

  private static List<Series> series(
      String path, Map<String, String> series, boolean mayBeEmpty, Problems p) {
    if (series == null || (series.isEmpty() && !mayBeEmpty)) {
      p.add(path + ": expected input series ('metric{label=\"value\"}': '0+1x30'), found nothing");
      return List.of();
    }
    List<Series> out = new ArrayList<>();
    series.forEach(
        (name, values) -> {
          try {
            Expr e = Promql.parse(name);
            if (!(e instanceof VectorSelector vs)
                || vs.name() == null
                || vs.matchers().stream().anyMatch(m -> !m.op().equals("="))) {
              p.add(
                  path
                      + ": expected a series like 'metric{label=\"value\"}', found '"
                      + name
                      + "'");
              return;
            }
          } catch (PromqlException e) {
            p.add(
                path
                    + ": expected a series like 'metric{label=\"value\"}', found '"
                    + name
                    + "' ("
                    + e.getMessage()
                    + ")");
            return;
          }
          if (SeriesNotation.count(values) < 0) {
            p.add(
                path
                    + "['"
                    + name
                    + "']: expected promtool values like '0+1x30', '1 2 _ 4' or 'stale', found "
                    + quote(values));
            return;
          }
          out.add(new Series(name, values.strip()));
        });
    return List.copyOf(out);
  }

  private static Map<String, String> sorted(Map<String, String> labels) {
    return labels == null ? Map.of() : new TreeMap<>(labels);
  }

  private static String quote(String s) {
    return s == null ? "nothing" : "'" + s + "'";
  }
}
