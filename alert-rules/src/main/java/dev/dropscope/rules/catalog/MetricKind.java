package dev.dropscope.rules.catalog;

/** What a family's values mean, which decides how rules may read it. */
public enum MetricKind {
  /** Only goes up (resets to 0 on restart): read it through rate(), irate() or increase(). */
  COUNTER,
  GAUGE,
  /** Read through its {@code _bucket}, {@code _count} and {@code _sum} series, all counters. */
  HISTOGRAM,
  /** Written by a recording rule. */
  RECORDED
}
