package dev.dropscope.grafana.dashboards;

import dev.dropscope.grafana.model.Variable;
import java.util.List;

/**
 * PromQL building blocks the dashboards share: selectors scoped to the dashboard's {@code $job} and
 * {@code $instance}, rates over {@code $__rate_interval}, totals over {@code $__range}, shares that
 * read 0 rather than "no data" when nothing went wrong, and histogram quantiles.
 */
final class Q {
  /** The matchers every scoped selector starts with. */
  static final String SCOPE = "job=~\"$job\", instance=~\"$instance\"";

  private Q() {}

  /** {@code job} and {@code instance} variables, filled from the series of {@code metric}. */
  static List<Variable> scope(String metric) {
    return List.of(
        new Variable("job", "Job", "label_values(" + metric + ", job)"),
        new Variable(
            "instance", "Instance", "label_values(" + metric + "{job=~\"$job\"}, instance)"));
  }

  /** {@code metric{job=~"$job", instance=~"$instance", matchers...}}. */
  static String sel(String metric, String... matchers) {
    StringBuilder s = new StringBuilder(metric).append('{').append(SCOPE);
    for (String m : matchers) {
      s.append(", ").append(m);
    }
    return s.append('}').toString();
  }

  /** {@code rate(SELECTOR[$__rate_interval])}. */
  static String rate(String metric, String... matchers) {
    return "rate(" + sel(metric, matchers) + "[$__rate_interval])";
  }

  /** {@code increase(SELECTOR[$__range])}: the total over the dashboard's time range. */
  static String increase(String metric, String... matchers) {
    return "increase(" + sel(metric, matchers) + "[$__range])";
  }

  /** {@code sum by (BY) (INNER)}, or {@code sum(INNER)} when {@code by} is empty. */
  static String sum(String by, String inner) {
    return (by.isEmpty() ? "sum(" : "sum by (" + by + ") (") + inner + ")";
  }

  /**
   * The share of a counter's events that match {@code matcher}, by {@code by}, over {@code
   * $__rate_interval} (or over {@code $__range} when {@code overRange}). Reads 0, not "no data",
   * when there were events but none matched.
   */
  static String share(String by, String counter, String matcher, boolean overRange) {
    String matching = overRange ? increase(counter, matcher) : rate(counter, matcher);
    String all = overRange ? increase(counter) : rate(counter);
    return "(" + sum(by, matching) + " or 0 * " + sum(by, all) + ") / " + sum(by, all);
  }

  /** The {@code q} quantile of a histogram over {@code $__rate_interval}, by {@code by}. */
  static String quantile(double q, String histogram, String by) {
    String labels = by.isEmpty() ? "le" : by + ", le";
    return "histogram_quantile("
        + q
        + ", sum by ("
        + labels
        + ") ("
        + rate(histogram + "_bucket")
        + "))";
  }

  /** {@code 60 * sum by (BY) (rate(...))}: events per minute. */
  static String perMinute(String by, String counter, String... matchers) {
    return "60 * " + sum(by, rate(counter, matchers));
  }

  /** {@code 3600 * sum by (BY) (rate(...))}: an amount per hour. */
  static String perHour(String by, String counter, String... matchers) {
    return "3600 * " + sum(by, rate(counter, matchers));
  }
}
