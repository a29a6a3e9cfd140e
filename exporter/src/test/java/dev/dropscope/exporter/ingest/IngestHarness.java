package dev.dropscope.exporter.ingest;

import dev.dropscope.exporter.config.IngestConfig;
import dev.dropscope.exporter.pack.Packs;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** An ingest service over the built-in packs with a settable clock, and its exposition. */
final class IngestHarness {
  final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  final List<IngestedEvent> journaled = new ArrayList<>();
  final PrometheusRegistry registry = new PrometheusRegistry();
  final PackMetrics metrics;
  final Components components;
  final IngestService service;
  static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

  IngestHarness() {
    this(IngestConfig.defaults());
  }

  IngestHarness(IngestConfig config) {
    this(config, events -> {});
  }

  IngestHarness(IngestConfig config, EventJournal journal) {
    Packs packs = Packs.load(Packs.BUILT_IN, null);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    metrics = new PackMetrics(packs, config.maxSeriesTotal(), config.silenceAfter(), nanos::get);
    registry.register(metrics);
    components = new Components(config.silenceAfter(), clock);
    service =
        new IngestService(
            packs,
            config,
            metrics,
            components,
            events -> {
              journal.append(events);
              journaled.addAll(events);
            },
            registry,
            clock);
  }

  IngestService.Response post(String json) {
    return service.ingest(json.getBytes(StandardCharsets.UTF_8), false);
  }

  IngestService.Response postNdjson(String lines) {
    return service.ingest(lines.getBytes(StandardCharsets.UTF_8), true);
  }

  void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  /** The pack metrics (and ingest self-metrics) as Prometheus text. */
  String exposition() {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      PrometheusTextFormatWriter.create().write(out, registry.scrape());
      return out.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The sample lines of one metric family, e.g. {@code airdrops_claims_total{...} 1.0}. */
  List<String> samples(String prefix) {
    return exposition()
        .lines()
        .filter(l -> l.startsWith(prefix + "{") || l.startsWith(prefix + " "))
        .toList();
  }
}
