package dev.dropscope.etl.prometheus;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rollups computed the plain way, for comparison: every sample of a series in time order,
 * grouped by bucket, the increase summed sample by sample with the previous sample wherever it is.
 */
final class RollupReference {
  /** A sample: milliseconds since the epoch and a value. */
  record Sample(long ts, double value) {}

  /** One bucket's row. {@code increase} is null unless the series is counter-like. */
  record Row(
      long bucket, double min, double max, double avg, double last, long count, Double increase) {}

  private RollupReference() {}

  /** Rows per bucket of {@code bucketMillis} for one series' samples, sorted by time. */
  static Map<Long, Row> rows(List<Sample> samples, long bucketMillis, boolean counterLike) {
    Map<Long, Row> rows = new TreeMap<>();
    Double previous = null;
    int i = 0;
    while (i < samples.size()) {
      long bucket = Math.floorDiv(samples.get(i).ts(), bucketMillis) * bucketMillis;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      double sum = 0;
      double increase = 0;
      double last = 0;
      long count = 0;
      for (; i < samples.size() && samples.get(i).ts() < bucket + bucketMillis; i++) {
        double v = samples.get(i).value();
        min = Math.min(min, v);
        max = Math.max(max, v);
        sum += v;
        last = v;
        count++;
        if (previous != null) {
          increase += v < previous ? v : v - previous;
        }
        previous = v;
      }
      rows.put(
          bucket,
          new Row(bucket, min, max, sum / count, last, count, counterLike ? increase : null));
    }
    return rows;
  }

  /** The reset-aware increase from the first sample to the last. */
  static double increase(List<Sample> samples) {
    double total = 0;
    for (int i = 1; i < samples.size(); i++) {
      double v = samples.get(i).value();
      double p = samples.get(i - 1).value();
      total += v < p ? v : v - p;
    }
    return total;
  }
}
