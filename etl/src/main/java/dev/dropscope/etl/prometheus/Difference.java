package dev.dropscope.etl.prometheus;

import java.time.Instant;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One statistic of one series in one window on which Prometheus and PostgreSQL disagree.
 *
 * @param metric the metric name
 * @param labels its other labels
 * @param from the window's start (exclusive)
 * @param to its end (inclusive)
 * @param stat {@code count}, {@code sum}, {@code min} or {@code max}
 * @param prometheus the value in Prometheus (count 0 and NaN where it has no sample)
 * @param postgres the value in PostgreSQL (likewise)
 */
public record Difference(
    String metric,
    SortedMap<String, String> labels,
    Instant from,
    Instant to,
    String stat,
    double prometheus,
    double postgres) {
  public Difference {
    labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
  }

  /**
   * {@code up{job="node"} (2026-01-01T00:00:00Z, 2026-01-01T01:00:00Z] count: 240 in Prometheus,
   * 238 in PostgreSQL}.
   */
  public String describe() {
    return new SeriesKey(metric, labels)
        + " ("
        + from
        + ", "
        + to
        + "] "
        + stat
        + ": "
        + number(prometheus)
        + " in Prometheus, "
        + number(postgres)
        + " in PostgreSQL";
  }

  private String number(double v) {
    if (stat.equals("count")) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }
}
