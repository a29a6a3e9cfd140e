package dev.dropscope.rules.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A checked rule, ready to be written out: an alerting rule or a recording rule. */
public sealed interface Rule {

  /** The PromQL expression as Prometheus will evaluate it. */
  String expr();

  /**
   * An alerting rule.
   *
   * @param forDuration how long the condition must hold before the alert fires; zero fires at once
   * @param labels every label the rule sets: severity, priority, pack and the spec's own
   * @param annotations summary, description and runbook_url, as templates
   * @param source where it was written, e.g. {@code rules/airdrops.yml alerts[2]}
   */
  record Alert(
      String name,
      String expr,
      Duration forDuration,
      Severity severity,
      Map<String, String> labels,
      Map<String, String> annotations,
      AlertTest test,
      String source)
      implements Rule {

    /** The first evaluation at which the alert fires on its test's fire input. */
    public Duration firesAt() {
      return firesAt(test.from(), forDuration, test.interval());
    }

    /** When the quiet input is checked a second time, after {@link #firesAt()}. */
    public Duration quietCheckedAgainAt() {
      return firesAt().plus(quietMargin(forDuration, test.interval()));
    }

    /**
     * The first evaluation at which an alert fires whose condition holds from {@code from}: {@code
     * for} rounded up to whole evaluation intervals later.
     */
    public static Duration firesAt(Duration from, Duration forDuration, Duration interval) {
      long steps = (forDuration.toMillis() + interval.toMillis() - 1) / interval.toMillis();
      return from.plus(interval.multipliedBy(steps));
    }

    /** How long after the firing time the quiet input is checked again: for, or 5 intervals. */
    public static Duration quietMargin(Duration forDuration, Duration interval) {
      return forDuration.compareTo(interval) > 0 ? forDuration : interval.multipliedBy(5);
    }
  }

  /** A recording rule named {@code level:metric:operations}. */
  record Recording(
      String record, String expr, Map<String, String> labels, RecordTest test, String source)
      implements Rule {}

  /**
   * The unit test of an alert.
   *
   * @param fireSeries input under which the alert fires
   * @param from first evaluation at which the condition holds with {@code fireSeries}
   * @param exprLabels labels of the expression's result series (the alert's labels without the
   *     rule's own)
   * @param value the expression's value when the alert fires, for $value in annotations
   * @param quietSeries input that comes close but must not fire
   */
  record AlertTest(
      Duration interval,
      List<Series> fireSeries,
      Duration from,
      Map<String, String> exprLabels,
      double value,
      List<Series> quietSeries) {}

  /** The unit test of a recording rule: input, evaluation time and the samples it must record. */
  record RecordTest(Duration interval, List<Series> series, Duration at, List<Sample> expect) {}

  /** An expected sample: its labels (without {@code __name__}) and value. */
  record Sample(Map<String, String> labels, double value) {}
}
