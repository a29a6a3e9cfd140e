package dev.dropscope.rules.catalog;

import dev.dropscope.exporter.config.StrictYaml;
import dev.dropscope.exporter.pack.Pack;
import dev.dropscope.exporter.pack.Packs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every metric a rule may read: the packs' metrics, the host set (node_exporter names), the
 * exporter's own {@code dropscope_*} set and the series Prometheus adds per target ({@code up}).
 * Rules are checked against it; a name missing here is a typo or a metric nobody publishes.
 */
public final class Catalog {
  private static final List<String> RESOURCES =
      List.of("/catalog/host.yml", "/catalog/exporter.yml", "/catalog/prometheus.yml");

  private final Map<String, CatalogMetric> metrics;

  private Catalog(Map<String, CatalogMetric> metrics) {
    this.metrics = metrics;
  }

  /** The catalog of the given packs plus the host, exporter and Prometheus sets. */
  public static Catalog of(Packs packs) {
    Map<String, CatalogMetric> all = new LinkedHashMap<>();
    StrictYaml yaml = new StrictYaml();
    for (String resource : RESOURCES) {
      CatalogFile file = yaml.read(resource(resource), CatalogFile.class);
      for (CatalogFile.Entry e : file.metrics()) {
        all.put(
            e.name(),
            new CatalogMetric(
                e.name(),
                MetricKind.valueOf(e.type().toUpperCase(java.util.Locale.ROOT)),
                e.labels() != null ? List.copyOf(e.labels()) : List.of(),
                file.source()));
      }
    }
    for (Pack pack : packs.all()) {
      for (Pack.Metric m : pack.metrics()) {
        MetricKind kind =
            switch (m.kind()) {
              case COUNTER -> MetricKind.COUNTER;
              case GAUGE -> MetricKind.GAUGE;
              case HISTOGRAM -> MetricKind.HISTOGRAM;
            };
        all.put(m.name(), new CatalogMetric(m.name(), kind, m.labels(), "pack " + pack.name()));
      }
    }
    return new Catalog(all);
  }

  /**
   * The built-in packs (airdrops, trading, gateway) plus the host, exporter and Prometheus sets.
   */
  public static Catalog builtIn() {
    return of(Packs.load(Packs.BUILT_IN, null));
  }

  /** This catalog plus series recorded by rules. */
  public Catalog withRecorded(Collection<CatalogMetric> recorded) {
    Map<String, CatalogMetric> all = new LinkedHashMap<>(metrics);
    recorded.forEach(m -> all.put(m.name(), m));
    return new Catalog(all);
  }

  /** Every family, by name. */
  public Collection<CatalogMetric> metrics() {
    return metrics.values();
  }

  /**
   * The series a selector names: a family, or a histogram's {@code _bucket}, {@code _count} or
   * {@code _sum} series (counters; {@code _bucket} has the {@code le} label too).
   */
  public Optional<CatalogMetric> series(String name) {
    CatalogMetric direct = metrics.get(name);
    if (direct != null) {
      return direct.kind() == MetricKind.HISTOGRAM ? Optional.empty() : Optional.of(direct);
    }
    for (String suffix : List.of("_bucket", "_count", "_sum")) {
      if (name.endsWith(suffix)) {
        CatalogMetric h = metrics.get(name.substring(0, name.length() - suffix.length()));
        if (h != null && h.kind() == MetricKind.HISTOGRAM) {
          List<String> labels = new ArrayList<>(h.labels());
          if (suffix.equals("_bucket")) {
            labels.add("le");
          }
          return Optional.of(
              new CatalogMetric(name, MetricKind.COUNTER, List.copyOf(labels), h.source()));
        }
      }
    }
    return Optional.empty();
  }

  /** The family named exactly {@code name}, histograms included. */
  public Optional<CatalogMetric> family(String name) {
    return Optional.ofNullable(metrics.get(name));
  }

  /** The known name closest to {@code name} (edit distance at most 3), for "did you mean". */
  public Optional<String> closest(String name) {
    List<String> candidates = new ArrayList<>();
    for (CatalogMetric m : metrics.values()) {
      if (m.kind() == MetricKind.HISTOGRAM) {
        candidates.add(m.name() + "_bucket");
        candidates.add(m.name() + "_count");
        candidates.add(m.name() + "_sum");
      } else {
        candidates.add(m.name());
      }
    }
    return candidates.stream()
        .filter(c -> distance(c, name) <= 3)
        .min(Comparator.comparingInt((String c) -> distance(c, name)).thenComparing(c -> c));
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static String resource(String path) {
    try (InputStream in = Catalog.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
