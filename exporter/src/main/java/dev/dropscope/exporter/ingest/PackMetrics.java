package dev.dropscope.exporter.ingest;

import dev.dropscope.exporter.pack.Pack;
import dev.dropscope.exporter.pack.Packs;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The series of every pack metric, updated by events and read on scrape. Memory stays bounded: each
 * metric holds at most its {@code max_series}, all together at most the global cap, and a series
 * past either cap is dropped and counted in {@code dropscope_series_dropped_total{metric}}. A
 * series not updated within its metric's ttl leaves /metrics; a gauge with {@code on_silence}
 * reports that value once it has been silent for the silence period.
 */
public final class PackMetrics implements MultiCollector {
  private final Map<String, Family> families = new LinkedHashMap<>();
  private final int maxSeriesTotal;
  private final long silenceNanos;
  private final LongSupplier nanoTime;
  private final AtomicInteger seriesTotal = new AtomicInteger();
  private final Map<String, LongAdder> dropped = new ConcurrentHashMap<>();

  public PackMetrics(
      Packs packs, int maxSeriesTotal, Duration silenceAfter, LongSupplier nanoTime) {
    for (Pack p : packs.all()) {
      for (Pack.Metric m : p.metrics()) {
        families.put(m.name(), new Family(m));
      }
    }
    this.maxSeriesTotal = maxSeriesTotal;
    this.silenceNanos = silenceAfter.toNanos();
    this.nanoTime = nanoTime;
  }

  /** Adds to a counter or gauge; counters only grow (validation guarantees amount ≥ 0). */
  void add(Pack.Metric metric, String[] labels, double amount, Probe probe) {
    Series s = series(metric, labels, probe);
    if (s != null) {
      s.add(amount);
      s.touched = nanoTime.getAsLong();
    }
  }

  void set(Pack.Metric metric, String[] labels, double value, Probe probe) {
    Series s = series(metric, labels, probe);
    if (s != null) {
      s.value.set(Double.doubleToRawLongBits(value));
      s.touched = nanoTime.getAsLong();
    }
  }

  void observe(Pack.Metric metric, String[] labels, double value, Probe probe) {
    Series s = series(metric, labels, probe);
    if (s != null) {
      Family f = families.get(metric.name());
      int i = Arrays.binarySearch(f.bounds, value);
      s.buckets.incrementAndGet(i >= 0 ? i : -i - 1);
      s.sum.add(value);
      s.touched = nanoTime.getAsLong();
    }
  }

  /** Series currently held, all metrics together. */
  public int seriesCount() {
    return seriesTotal.get();
  }

  /**
   * Label arrays and a lookup key to reuse across one caller's updates, so that updating a series
   * that exists allocates nothing. Not for concurrent use.
   */
  static final class Probe {
    private final LabelKey key = new LabelKey(new String[0]);
    private final String[][] arrays = new String[8][];

    /** An array for {@code n} label values, overwritten by the next update of that arity. */
    String[] labels(int n) {
      if (n >= arrays.length) {
        return new String[n];
      }
      String[] a = arrays[n];
      return a != null ? a : (arrays[n] = new String[n]);
    }
  }

  /** The series of these label values, created if there is room; null when dropped. */
  private Series series(Pack.Metric metric, String[] labels, Probe probe) {
    Family f = families.get(metric.name());
    Series s = f.series.get(probe.key.reset(labels));
    if (s != null) {
      return s;
    }
    LabelKey key = new LabelKey(labels.clone()); // the caller reuses its array
    if (f.count.get() >= metric.maxSeries() || seriesTotal.get() >= maxSeriesTotal) {
      dropped.computeIfAbsent(metric.name(), k -> new LongAdder()).increment();
      return null;
    }
    Series fresh = new Series(f.bounds.length + 1, nanoTime.getAsLong());
    s = f.series.putIfAbsent(key, fresh);
    if (s == null) {
      f.count.incrementAndGet();
      seriesTotal.incrementAndGet();
      s = fresh;
    }
    return s;
  }

  @Override
  public MetricSnapshots collect() {
    long now = nanoTime.getAsLong();
    MetricSnapshots.Builder out = MetricSnapshots.builder();
    for (Family f : families.values()) {
      expire(f, now);
      if (f.series.isEmpty()) {
        continue;
      }
      switch (f.metric.kind()) {
        case COUNTER -> out.metricSnapshot(counter(f));
        case GAUGE -> out.metricSnapshot(gauge(f, now));
        case HISTOGRAM -> out.metricSnapshot(histogram(f));
      }
    }
    CounterSnapshot.Builder drops =
        CounterSnapshot.builder()
            .name("dropscope_series_dropped")
            .help(
                "Updates dropped because a metric's max_series or the global series cap was reached.");
    dropped.forEach(
        (metric, n) ->
            drops.dataPoint(
                CounterDataPointSnapshot.builder()
                    .labels(Labels.of("metric", metric))
                    .value(n.sum())
                    .build()));
    out.metricSnapshot(drops.build());
    out.metricSnapshot(
        GaugeSnapshot.builder()
            .name("dropscope_series")
            .help("Pack metric series held in memory, all metrics together.")
            .dataPoint(GaugeDataPointSnapshot.builder().value(seriesTotal.get()).build())
            .build());
    return out.build();
  }

  private void expire(Family f, long now) {
    if (f.metric.ttl() == null) {
      return;
    }
    long ttl = f.metric.ttl().toNanos();
    f.series.forEach(
        (key, s) -> {
          if (now - s.touched > ttl && f.series.remove(key, s)) {
            f.count.decrementAndGet();
            seriesTotal.decrementAndGet();
          }
        });
  }

  private static CounterSnapshot counter(Family f) {
    String name = f.metric.name();
    CounterSnapshot.Builder b =
        CounterSnapshot.builder()
            .name(name.substring(0, name.length() - "_total".length()))
            .help(f.metric.help());
    f.series.forEach(
        (key, s) ->
            b.dataPoint(
                CounterDataPointSnapshot.builder()
                    .labels(f.labels(key, s))
                    .value(s.get())
                    .build()));
    return b.build();
  }

  private GaugeSnapshot gauge(Family f, long now) {
    GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(f.metric.name()).help(f.metric.help());
    Double silent = f.metric.onSilence();
    f.series.forEach(
        (key, s) -> {
          double v = silent != null && now - s.touched > silenceNanos ? silent : s.get();
          b.dataPoint(GaugeDataPointSnapshot.builder().labels(f.labels(key, s)).value(v).build());
        });
    return b.build();
  }

  private static HistogramSnapshot histogram(Family f) {
    HistogramSnapshot.Builder b =
        HistogramSnapshot.builder().name(f.metric.name()).help(f.metric.help());
    double[] upper = Arrays.copyOf(f.bounds, f.bounds.length + 1);
    upper[f.bounds.length] = Double.POSITIVE_INFINITY;
    f.series.forEach(
        (key, s) -> {
          long[] counts = new long[upper.length];
          for (int i = 0; i < counts.length; i++) {
            counts[i] = s.buckets.get(i);
          }
          b.dataPoint(
              HistogramDataPointSnapshot.builder()
                  .labels(f.labels(key, s))
                  .classicHistogramBuckets(ClassicHistogramBuckets.of(upper, counts))
                  .sum(s.sum.sum())
                  .build());
        });
    return b.build();
  }

  /**
   * Label values in the metric's label order, hashed once. Keys in the map never change; a {@link
   * Probe}'s key is reset for each lookup.
   */
  private static final class LabelKey {
    private String[] values;
    private int hash;

    LabelKey(String[] values) {
      reset(values);
    }

    LabelKey reset(String[] values) {
      this.values = values;
      this.hash = Arrays.hashCode(values);
      return this;
    }

    String value(int i) {
      return values[i];
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof LabelKey k && hash == k.hash && Arrays.equals(values, k.values);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private static final class Family {
    final Pack.Metric metric;
    final String[] labelNames;
    final double[] bounds;
    final ConcurrentHashMap<LabelKey, Series> series = new ConcurrentHashMap<>();
    final AtomicInteger count = new AtomicInteger();

    Family(Pack.Metric metric) {
      this.metric = metric;
      this.labelNames = metric.labels().toArray(String[]::new);
      this.bounds =
          metric.buckets() != null
              ? metric.buckets().stream().mapToDouble(Double::doubleValue).toArray()
              : new double[0];
    }

    /** The series' labels for the exposition, built on its first scrape and kept. */
    Labels labels(LabelKey key, Series s) {
      Labels l = s.labels;
      if (l == null) {
        l = labels(key);
        s.labels = l;
      }
      return l;
    }

    private Labels labels(LabelKey key) {
      Labels.Builder b = Labels.builder();
      for (int i = 0; i < labelNames.length; i++) {
        String v = key.value(i);
        if (!v.isEmpty()) {
          b.label(labelNames[i], v);
        }
      }
      return b.build();
    }
  }

  /** One series: a double for counters and gauges, buckets and a sum for histograms. */
  private static final class Series {
    final AtomicLong value = new AtomicLong(Double.doubleToRawLongBits(0));
    final AtomicLongArray buckets;
    final DoubleAdder sum = new DoubleAdder();
    volatile long touched;
    volatile Labels labels; // for scrapes; null until the first

    Series(int bucketCount, long created) {
      this.buckets = new AtomicLongArray(bucketCount);
      this.touched = created;
    }

    double get() {
      return Double.longBitsToDouble(value.get());
    }

    void add(double amount) {
      long prev;
      long next;
      do {
        prev = value.get();
        next = Double.doubleToRawLongBits(Double.longBitsToDouble(prev) + amount);
      } while (!value.compareAndSet(prev, next));
    }
  }
}
