package dev.dropscope.exporter.collect;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;

/**
 * One source of metric families, read on every scrape. A collector may throw or hang; the {@link
 * CollectorRunner} contains both and reports them as {@code dropscope_collector_success 0}.
 */
public interface Collector {

  /** Short, stable name used in the {@code collector} label, e.g. {@code filesystem}. */
  String name();

  /** Reads the source and maps it to metric families. Family names must be unique per exporter. */
  List<MetricSnapshot> collect() throws Exception;

  /** A collector from a name and a body. */
  static Collector of(String name, Body body) {
    return new Collector() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<MetricSnapshot> collect() throws Exception {
        return body.collect();
      }

      @Override
      public String toString() {
        return "Collector[" + name + "]";
      }
    };
  }

  /** The body of a collector. */
  @FunctionalInterface
  interface Body {
    List<MetricSnapshot> collect() throws Exception;
  }
}
