package dev.dropscope.exporter;

import dev.dropscope.exporter.collect.Collector;
import dev.dropscope.exporter.collect.CollectorRunner;
import dev.dropscope.exporter.config.ExporterConfig;
import dev.dropscope.exporter.health.CollectorHealth;
import dev.dropscope.exporter.health.ComponentHealth;
import dev.dropscope.exporter.health.HealthService;
import dev.dropscope.exporter.health.SystemHealth;
import dev.dropscope.exporter.host.HostCollectors;
import dev.dropscope.exporter.host.HostSource;
import dev.dropscope.exporter.http.ExporterServer;
import dev.dropscope.exporter.ingest.Components;
import dev.dropscope.exporter.ingest.EventJournal;
import dev.dropscope.exporter.ingest.IngestService;
import dev.dropscope.exporter.ingest.IngestedEvent;
import dev.dropscope.exporter.ingest.PackMetrics;
import dev.dropscope.exporter.journal.Journal;
import dev.dropscope.exporter.journal.JournalRecord;
import dev.dropscope.exporter.pack.Packs;
import dev.dropscope.exporter.probe.Probes;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Wires the exporter from its configuration: collectors, probes, registry, health, HTTP. */
public final class Exporter implements AutoCloseable {
  private final ExporterServer server;
  private final ExecutorService collectorThreads;
  private final Journal journal;
  private final Probes probes;

  private Exporter(
      ExporterServer server, ExecutorService collectorThreads, Journal journal, Probes probes) {
    this.server = server;
    this.collectorThreads = collectorThreads;
    this.journal = journal;
    this.probes = probes;
  }

  /** Starts on the real machine with the journal the configuration names. */
  public static Exporter start(ExporterConfig config) {
    Journal journal;
    try {
      journal = Journal.open(config.journal());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot open the event journal in " + config.journal().dir() + ": " + e.getMessage(), e);
    }
    try {
      return start(config, HostCollectors.machine(), journal);
    } catch (RuntimeException e) {
      journal.close();
      throw e;
    }
  }

  /** Starts reading the host from {@code host}, without a journal; tests pass fixtures. */
  public static Exporter start(ExporterConfig config, HostSource host) {
    return start(config, host, null);
  }

  /**
   * Starts with a given host source and journal ({@code null}: journaled events are not kept). The
   * exporter closes the journal when it closes.
   */
  public static Exporter start(ExporterConfig config, HostSource host, Journal journal) {
    // Cached platform threads: a collector stuck in a syscall keeps its own thread, never a
    // shared carrier, and single-flight in the runner bounds how many can be stuck.
    ExecutorService threads = Executors.newCachedThreadPool(daemonThreads("collector"));
    // Probes run on threads of their own; on a scrape their collector only reads the latest
    // results.
    Probes probes = Probes.start(config.components(), Clock.systemUTC());
    try {
      return wire(config, host, journal, threads, probes);
    } catch (RuntimeException e) {
      probes.close();
      threads.shutdownNow();
      throw e;
    }
  }

  private static Exporter wire(
      ExporterConfig config,
      HostSource host,
      Journal journal,
      ExecutorService threads,
      Probes probes) {
    List<Collector> collectors = new ArrayList<>(HostCollectors.create(config.host(), host));
    collectors.add(Collector.of("build_info", Exporter::buildInfo));
    if (journal != null) {
      collectors.add(Collector.of("journal", journal::metrics));
    }
    collectors.add(Collector.of("probe", probes::metrics));
    CollectorRunner runner =
        new CollectorRunner(collectors, config.collectors().timeout(), threads);

    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(runner);
    ProcessMetrics.builder().register(registry);
    JvmMemoryMetrics.builder().register(registry);
    JvmGarbageCollectorMetrics.builder().register(registry);

    Packs packs = Packs.load(config.packs().builtin(), config.packs().directory());
    PackMetrics packMetrics =
        new PackMetrics(
            packs,
            config.ingest().maxSeriesTotal(),
            config.ingest().silenceAfter(),
            System::nanoTime);
    registry.register(packMetrics);
    Components components = new Components(config.ingest().silenceAfter(), Clock.systemUTC());
    IngestService ingest =
        new IngestService(
            packs,
            config.ingest(),
            packMetrics,
            components,
            journal != null ? journaling(journal) : EventJournal.NONE,
            registry,
            Clock.systemUTC());

    ComponentHealth componentHealth = new ComponentHealth(components, probes);
    HealthService health =
        new HealthService(
            List.of(
                new SystemHealth(host, config.health().system(), config.host().filesystem()),
                new CollectorHealth(runner::lastSuccess),
                componentHealth),
            config.collectors().timeout(),
            threads);
    ExporterServer server =
        ExporterServer.start(
            config.server(),
            registry,
            health,
            componentHealth,
            ingest,
            IngestToken.load(config.ingest()),
            config.security());
    return new Exporter(server, threads, journal, probes);
  }

  /** Journal records for a request's events, all stamped with one ingest time. */
  private static EventJournal journaling(Journal journal) {
    return events -> {
      Instant ingestedAt = Instant.now();
      List<JournalRecord> records = new ArrayList<>(events.size());
      for (IngestedEvent e : events) {
        records.add(JournalRecord.create(e.type().type(), e.ts(), ingestedAt, e.id(), e.data()));
      }
      journal.appendNew(records);
    };
  }

  public InetSocketAddress address() {
    return server.address();
  }

  @Override
  public void close() {
    probes.close();
    server.close();
    if (journal != null) {
      journal.close();
    }
    collectorThreads.shutdownNow();
  }

  private static List<io.prometheus.metrics.model.snapshots.MetricSnapshot> buildInfo() {
    String version = Exporter.class.getPackage().getImplementationVersion();
    return List.of(
        InfoSnapshot.builder()
            .name("dropscope_build")
            .help("The exporter's version and the Java runtime it runs on.")
            .dataPoint(
                InfoSnapshot.InfoDataPointSnapshot.builder()
                    .labels(
                        Labels.of(
                            "version",
                            version != null ? version : "dev",
                            "java_version",
                            Runtime.version().toString()))
                    .build())
            .build());
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
