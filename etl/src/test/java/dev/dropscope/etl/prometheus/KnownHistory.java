package dev.dropscope.etl.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dropscope.etl.prometheus.RollupReference.Sample;
import dev.dropscope.testing.Binaries;
import dev.dropscope.testing.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A known history of samples, written as OpenMetrics and turned into TSDB blocks by {@code promtool
 * tsdb create-blocks-from openmetrics}, for a real Prometheus to serve: counters with resets (one
 * on a 5-minute bucket's first sample), a histogram bucket, gauges on binary fractions (so sums are
 * exact in any order), NaN and ±Inf, labels with quotes, backslashes, a newline and non-ASCII
 * letters, timestamps on odd milliseconds, and a scrape gap. Every 15 s.
 */
final class KnownHistory {
  static final long STEP = 15_000;

  /** One series as written; {@code counterLike} as the ETL should see it. */
  record Series(
      String family,
      String type,
      String metric,
      SortedMap<String, String> labels,
      boolean counterLike,
      String kind,
      List<Sample> samples) {
    SeriesKey key() {
      return new SeriesKey(metric, labels);
    }
  }

  private final long start;
  private final long end;
  private final List<Series> series = new ArrayList<>();

  /**
   * @param start the first sample's time (some series start a few milliseconds later)
   * @param length how long the history runs
   * @param extraGauges more plain gauges, for volume
   */
  KnownHistory(Instant start, Duration length, int extraGauges, long seed) {
    this.start = start.toEpochMilli();
    this.end = this.start + length.toMillis();
    Random random = new Random(seed);
    counter("dropscope_test_requests", labels("path", "/claim"), 0, random, 120);
    counter(
        "dropscope_test_requests",
        labels("path", "/a \"quoted\" \\ back\nslash é✓"),
        999,
        random,
        200);
    counter("dropscope_test_errors", labels("kind", "rpc"), 1, random, 15);
    unknownCounter("dropscope_test_latency_seconds_bucket", labels("le", "0.5"), 500, random);
    gauge("dropscope_test_temperature", labels("room", "lab"), 123, random, false, false);
    gauge("dropscope_test_temperature", labels("room", "gappy"), 7, random, true, false);
    gauge("dropscope_test_specials", labels(), 250, random, false, true);
    for (int i = 0; i < extraGauges; i++) {
      gauge(
          "dropscope_test_load",
          labels("core", Integer.toString(i)),
          i % 1000,
          random,
          false,
          false);
    }
  }

  long start() {
    return start;
  }

  long end() {
    return end;
  }

  List<Series> series() {
    return series;
  }

  /** A {@code --from} just before the first sample, in seconds. */
  String fromArgument() {
    return Long.toString(start / 1000 - 1);
  }

  /** A {@code --to} just after the last sample, in seconds. */
  String toArgument() {
    return Long.toString(end / 1000 + 1);
  }

  long samples() {
    return series.stream().mapToLong(s -> s.samples().size()).sum();
  }

  /** The samples of each series in {@code (from, to]}. */
  Map<SeriesKey, List<Sample>> between(long from, long to) {
    Map<SeriesKey, List<Sample>> out =
        new TreeMap<>(java.util.Comparator.comparing(SeriesKey::toString));
    for (Series s : series) {
      List<Sample> in = s.samples().stream().filter(x -> x.ts() > from && x.ts() <= to).toList();
      if (!in.isEmpty()) {
        out.put(s.key(), in);
      }
    }
    return out;
  }

  /** Writes the OpenMetrics file under {@code scratch} and the blocks into {@code dataDir}. */
  void writeBlocks(Path scratch, Path dataDir) {
    try {
      Files.createDirectories(scratch);
      Path file = scratch.resolve("history.om");
      Files.writeString(file, openMetrics());
      Processes.Result r =
          Processes.run(
              List.of(
                  Binaries.promtool().toString(),
                  "tsdb",
                  "create-blocks-from",
                  "openmetrics",
                  file.toString(),
                  dataDir.toString()),
              "",
              Duration.ofMinutes(2));
      assertThat(r.exitCode()).as(r.describe()).isZero();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String openMetrics() {
    StringBuilder out = new StringBuilder();
    String family = null;
    for (Series s : series) {
      if (!s.family().equals(family)) {
        family = s.family();
        out.append("# TYPE ").append(family).append(' ').append(s.type()).append('\n');
      }
      String labels = openMetricsLabels(s.labels());
      for (Sample x : s.samples()) {
        out.append(s.metric())
            .append(labels)
            .append(' ')
            .append(value(x.value()))
            .append(' ')
            .append(x.ts() / 1000)
            .append('.')
            .append(String.format("%03d", x.ts() % 1000))
            .append('\n');
      }
    }
    return out.append("# EOF\n").toString();
  }

  private void counter(
      String family,
      SortedMap<String, String> labels,
      int offsetMillis,
      Random random,
      int resetEvery) {
    List<Sample> samples = new ArrayList<>();
    double v = random.nextInt(1000);
    for (long t = start + offsetMillis; t <= end; t += STEP) {
      boolean bucketStart = (t - offsetMillis) % 300_000 == 0;
      boolean reset = random.nextInt(resetEvery) == 0 || bucketStart && random.nextInt(8) == 0;
      v = reset ? random.nextInt(3) : v + random.nextInt(25);
      samples.add(new Sample(exact(t), v));
    }
    series.add(new Series(family, "counter", family + "_total", labels, true, "counter", samples));
  }

  private void unknownCounter(
      String metric, SortedMap<String, String> labels, int offsetMillis, Random random) {
    List<Sample> samples = new ArrayList<>();
    double v = 0;
    for (long t = start + offsetMillis; t <= end; t += STEP) {
      v = random.nextInt(100) == 0 ? 0 : v + random.nextInt(4);
      samples.add(new Sample(exact(t), v));
    }
    series.add(new Series(metric, "unknown", metric, labels, true, "histogram", samples));
  }

  private void gauge(
      String family,
      SortedMap<String, String> labels,
      int offsetMillis,
      Random random,
      boolean gap,
      boolean specials) {
    List<Sample> samples = new ArrayList<>();
    for (long t = start + offsetMillis; t <= end; t += STEP) {
      long since = t - start;
      if (gap && since > 50 * 60_000 && since < 75 * 60_000) {
        continue;
      }
      double v = (random.nextInt(2_000_001) - 1_000_000) / 16.0; // exact in binary
      if (specials) {
        int pick = random.nextInt(40);
        v =
            pick == 0
                ? Double.NaN
                : pick == 1 ? Double.POSITIVE_INFINITY : pick == 2 ? Double.NEGATIVE_INFINITY : v;
      }
      samples.add(new Sample(exact(t), v));
    }
    series.add(new Series(family, "gauge", family, labels, false, "unknown", samples));
  }

  /**
   * promtool reads a timestamp as float seconds times 1000, truncated: keep to the milliseconds
   * that survive that, so that what Prometheus stores is what is written here.
   */
  private static long exact(long ms) {
    String text = ms / 1000 + "." + String.format("%03d", ms % 1000);
    long stored = (long) (Double.parseDouble(text) * 1000);
    assertThat(stored).as("timestamp %s as promtool reads it", text).isEqualTo(ms);
    return ms;
  }

  private static String value(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  private static SortedMap<String, String> labels(String... pairs) {
    SortedMap<String, String> m = new TreeMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  private static String openMetricsLabels(SortedMap<String, String> labels) {
    if (labels.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("{");
    for (Map.Entry<String, String> e : labels.entrySet()) {
      if (out.length() > 1) {
        out.append(',');
      }
      out.append(e.getKey()).append("=\"");
      for (char c : e.getValue().toCharArray()) {
        switch (c) {
          case '\\' -> out.append("\\\\");
          case '"' -> out.append("\\\"");
          case '\n' -> out.append("\\n");
          default -> out.append(c);
        }
      }
      out.append('"');
    }
    return out.append('}').toString();
  }
}
