package dev.dropscope.etl.prometheus;

import java.util.Arrays;

/**
 * The 5-minute rollups of one window's samples, computed as they stream past (one series at a time,
 * in time order), so that PostgreSQL does not read them back.
 *
 * <p>A bucket is computed here only when its rows in {@code dropscope.samples} are exactly the
 * streamed ones and the previous sample of each is streamed too: the window's samples go straight
 * into an empty range (nothing loaded after its first bucket), the bucket lies after the window's
 * first bucket, and the series' previous sample lies after it as well. Every other touched bucket
 * (the window's first, the one holding a series' first sample, every bucket when the window is a
 * reload) is left to {@link Rollups}' SQL as an <em>edge</em>. Values follow PostgreSQL's float8
 * aggregates: NaN is larger than every number, sums add in time order.
 */
final class WindowRollups {
  static final long BUCKET_MILLIS = 300_000;

  private final long firstBucket;
  private final boolean computeHere;

  private long series;
  private boolean counterLike;
  private boolean inSeries;
  private boolean hasPrevious;
  private long previousTs;
  private double previousValue;

  private long bucket;
  private boolean computable;
  private int count;
  private double sum;
  private double min;
  private double max;
  private double last;
  private double increase;

  final Rows rows = new Rows();
  final Pairs edges = new Pairs();

  /**
   * @param from the window's start (exclusive)
   * @param computeHere whether buckets may be computed here (the window went straight into an empty
   *     range); otherwise every touched bucket is an edge
   */
  WindowRollups(long from, boolean computeHere) {
    this.firstBucket = Rollups.bucket(from + 1);
    this.computeHere = computeHere;
  }

  void startSeries(long seriesId, boolean isCounterLike) {
    closeBucket();
    series = seriesId;
    counterLike = isCounterLike;
    inSeries = true;
    hasPrevious = false;
    count = 0;
  }

  /** A sample of the current series, after the previous one. */
  void sample(long ts, double value) {
    long b = Rollups.bucket(ts);
    if (count == 0 || b != bucket) {
      closeBucket();
      bucket = b;
      computable =
          computeHere && b > firstBucket && hasPrevious && Rollups.bucket(previousTs) > firstBucket;
      sum = 0;
      increase = 0;
      min = value;
      max = value;
    }
    count++;
    sum += value;
    min = lessThan(min, value) ? min : value; // float8smaller
    max = greaterThan(max, value) ? max : value; // float8larger
    last = value;
    if (hasPrevious) {
      increase += value < previousValue ? value : value - previousValue;
    }
    hasPrevious = true;
    previousTs = ts;
    previousValue = value;
  }

  /** Closes the last bucket; call once the stream has ended. */
  void finish() {
    closeBucket();
    inSeries = false;
  }

  private void closeBucket() {
    if (!inSeries || count == 0) {
      return;
    }
    if (computable) {
      rows.add(series, bucket, min, max, sum / count, last, count, increase, counterLike);
    } else {
      edges.add(series, bucket);
    }
    count = 0;
  }

  /** PostgreSQL's float8 order: NaN equals NaN and is larger than everything else. */
  static boolean lessThan(double a, double b) {
    if (Double.isNaN(a)) {
      return false;
    }
    return Double.isNaN(b) || a < b;
  }

  static boolean greaterThan(double a, double b) {
    if (Double.isNaN(a)) {
      return !Double.isNaN(b);
    }
    return !Double.isNaN(b) && a > b;
  }

  /** Computed rows, column by column. */
  static final class Rows {
    int size;
    long[] series = new long[256];
    long[] bucket = new long[256];
    double[] min = new double[256];
    double[] max = new double[256];
    double[] avg = new double[256];
    double[] last = new double[256];
    int[] count = new int[256];
    double[] increase = new double[256];
    boolean[] counterLike = new boolean[256];

    void add(
        long s, long b, double mn, double mx, double av, double ls, int n, double inc, boolean c) {
      if (size == series.length) {
        int more = size * 2;
        series = Arrays.copyOf(series, more);
        bucket = Arrays.copyOf(bucket, more);
        min = Arrays.copyOf(min, more);
        max = Arrays.copyOf(max, more);
        avg = Arrays.copyOf(avg, more);
        last = Arrays.copyOf(last, more);
        count = Arrays.copyOf(count, more);
        increase = Arrays.copyOf(increase, more);
        counterLike = Arrays.copyOf(counterLike, more);
      }
      series[size] = s;
      bucket[size] = b;
      min[size] = mn;
      max[size] = mx;
      avg[size] = av;
      last[size] = ls;
      count[size] = n;
      increase[size] = inc;
      counterLike[size] = c;
      size++;
    }
  }

  /** (series, bucket) pairs. */
  static final class Pairs {
    int size;
    long[] series = new long[64];
    long[] bucket = new long[64];

    void add(long s, long b) {
      if (size == series.length) {
        series = Arrays.copyOf(series, size * 2);
        bucket = Arrays.copyOf(bucket, size * 2);
      }
      series[size] = s;
      bucket[size] = b;
      size++;
    }
  }
}
