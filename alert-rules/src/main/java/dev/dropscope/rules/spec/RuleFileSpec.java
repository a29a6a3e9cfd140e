package dev.dropscope.rules.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A rule spec file ({@code alert-rules/rules/*.yml}) as written: one file per pack, plus host and
 * the exporter itself. Bound strictly (unknown keys are errors); the checks run on the compiled
 * rules.
 *
 * @param pack the {@code pack} label of its alerts (airdrops, trading, gateway, host, exporter...)
 * @param recording recording rules, named {@code level:metric:operations}
 */
public record RuleFileSpec(
    String pack, String description, List<RecordSpec> recording, List<AlertSpec> alerts) {

  public RuleFileSpec {
    recording = recording != null ? recording : List.of();
    alerts = alerts != null ? alerts : List.of();
  }

  /**
   * One alert in the seed's spirit: a metric (or a PromQL expression), a condition and a threshold,
   * how long it must hold, a severity and the words an operator reads.
   *
   * @param metric a metric name, optionally with matchers: {@code
   *     airdrops_scheduler_tasks{state="queued"}}
   * @param expr a PromQL expression; with condition and threshold it is the value compared, without
   *     them it must compare (or use absent()) itself
   * @param condition gt|lt|eq|ne|gte|lte
   * @param labels extra labels on the alert
   * @param runbook the anchor in docs/runbooks.md; default the alert name in lower case
   */
  public record AlertSpec(
      String name,
      String metric,
      String expr,
      String condition,
      Double threshold,
      @JsonProperty("for") Duration forDuration,
      String severity,
      String summary,
      String description,
      Map<String, String> labels,
      String runbook,
      AlertTestSpec test) {}

  /** A recording rule and its test. */
  public record RecordSpec(
      String record, String expr, Map<String, String> labels, RecordTestSpec test) {}

  /**
   * The data an alert's generated unit tests run on.
   *
   * @param fire input under which the alert fires
   * @param quiet input close to the threshold under which it must stay quiet
   */
  public record AlertTestSpec(FireSpec fire, QuietSpec quiet) {}

  /**
   * @param series input series (promtool notation: {@code 'metric{l="v"}': '0+1x30'}); samples are
   *     {@code settings.test_interval} apart
   * @param from the first evaluation at which the condition holds; the alert must be pending one
   *     interval before {@code from + for} and firing at it
   * @param labels the labels of the expression's result series
   * @param value the expression's value when the alert fires (annotations render it)
   */
  public record FireSpec(
      Map<String, String> series, Duration from, Map<String, String> labels, Double value) {}

  /**
   * @param series input series that come close to the threshold without crossing it
   */
  public record QuietSpec(Map<String, String> series) {}

  /**
   * @param at the evaluation time checked
   * @param expect every sample the rule records at {@code at}
   */
  public record RecordTestSpec(Map<String, String> series, Duration at, List<SampleSpec> expect) {}

  /**
   * @param labels the recorded series' labels, without its name
   */
  public record SampleSpec(Map<String, String> labels, Double value) {}
}
