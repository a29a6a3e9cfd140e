package dev.dropscope.etl.analytics;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The statistics the reference needs, written out from their definitions (PostgreSQL's
 * percentile_cont, the sample variance and covariance, PromQL's histogram_quantile) so that the
 * views are checked against something other than themselves.
 */
final class Stats {
  static final MathContext MC = MathContext.DECIMAL128;

  private Stats() {}

  /** PostgreSQL's percentile_cont: linear interpolation between the closest ranks. */
  static Double percentileCont(List<Double> values, double fraction) {
    if (values.isEmpty()) {
      return null;
    }
    double[] x = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double position = fraction * (x.length - 1);
    int lo = (int) Math.floor(position);
    int hi = (int) Math.ceil(position);
    return x[lo] + (position - lo) * (x[hi] - x[lo]);
  }

  static Double mean(List<Double> values) {
    return values.isEmpty()
        ? null
        : values.stream().mapToDouble(Double::doubleValue).sum() / values.size();
  }

  /** Sample standard deviation; null for fewer than two values. */
  static Double stddevSamp(List<Double> values) {
    Double v = covarSamp(values, values);
    return v == null ? null : Math.sqrt(v);
  }

  /** Sample covariance of paired values; null for fewer than two pairs. */
  static Double covarSamp(List<Double> x, List<Double> y) {
    int n = x.size();
    if (n < 2) {
      return null;
    }
    double mx = mean(x);
    double my = mean(y);
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += (x.get(i) - mx) * (y.get(i) - my);
    }
    return s / (n - 1);
  }

  static Double correlation(List<Double> x, List<Double> y) {
    Double cxy = covarSamp(x, y);
    Double cxx = covarSamp(x, x);
    Double cyy = covarSamp(y, y);
    if (cxy == null || cxx == 0 || cyy == 0) {
      return null;
    }
    return cxy / Math.sqrt(cxx * cyy);
  }

  /** a / b, or null when b is null or zero (SQL's a / nullif(b, 0)). */
  static Double ratio(Double a, Double b) {
    return a == null || b == null || b == 0 ? null : a / b;
  }

  static BigDecimal divide(BigDecimal a, BigDecimal b) {
    return a == null || b == null || b.signum() == 0 ? null : a.divide(b, MC);
  }

  static Double toDouble(BigDecimal x) {
    return x == null ? null : x.doubleValue();
  }

  static BigDecimal sum(List<BigDecimal> values) {
    return values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  /**
   * PromQL's histogram_quantile over cumulative bucket counts, upper bounds ascending with +Inf
   * last. Counts are first made non-decreasing.
   */
  static Double histogramQuantile(double q, double[] upperBounds, double[] cumulative) {
    int n = upperBounds.length;
    if (n < 2 || upperBounds[n - 1] != Double.POSITIVE_INFINITY) {
      return null;
    }
    double[] c = Arrays.copyOf(cumulative, n);
    for (int i = 1; i < n; i++) {
      c[i] = Math.max(c[i], c[i - 1]);
    }
    if (c[n - 1] <= 0) {
      return null;
    }
    double rank = q * c[n - 1];
    for (int i = 0; i < n - 1; i++) {
      if (c[i] >= rank) {
        if (i == 0 && upperBounds[0] <= 0) {
          return upperBounds[0];
        }
        double lower = i == 0 ? 0 : upperBounds[i - 1];
        double below = i == 0 ? 0 : c[i - 1];
        if (c[i] == below) {
          return upperBounds[i];
        }
        return lower + (upperBounds[i] - lower) * (rank - below) / (c[i] - below);
      }
    }
    return upperBounds[n - 2];
  }

  /** PostgreSQL's float8 to numeric cast: 15 significant digits. */
  static BigDecimal float8ToNumeric(double x) {
    return new BigDecimal(x).round(new MathContext(15, RoundingMode.HALF_EVEN));
  }

  /** PostgreSQL's round(numeric, scale), as text: half away from zero, trailing zeros kept. */
  static String round(BigDecimal x, int scale) {
    return x.setScale(scale, RoundingMode.HALF_UP).toPlainString();
  }

  /** Rows grouped by a key of column values; keys in the order of their text. */
  static <T> Map<List<Object>, List<T>> groupBy(List<T> rows, Function<T, List<Object>> key) {
    Map<List<Object>, List<T>> groups = new TreeMap<>(Comparator.comparing(List::toString));
    rows.forEach(r -> groups.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r));
    return groups;
  }
}
