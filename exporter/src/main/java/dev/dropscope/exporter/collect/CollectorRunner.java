package dev.dropscope.exporter.collect;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every collector on a scrape, in parallel, each within a time budget, and adds its own
 * health:
 *
 * <pre>
 * dropscope_collector_duration_seconds{collector="filesystem"} 0.000412
 * dropscope_collector_success{collector="filesystem"} 1
 * </pre>
 *
 * A collector that throws, or has not finished when the budget runs out, contributes no families
 * and reports success 0. A hung collector (a stuck network mount) keeps its thread; until it
 * returns, later scrapes do not start it again and report it failed at once, so one hung mount
 * costs one thread, not one per scrape.
 */
public final class CollectorRunner implements MultiCollector {
  private static final Logger log = LoggerFactory.getLogger(CollectorRunner.class);

  private final List<Slot> slots;
  private final long budgetNanos;
  private final ExecutorService pool;

  public CollectorRunner(List<Collector> collectors, Duration budget, ExecutorService pool) {
    this.slots = collectors.stream().map(Slot::new).toList();
    this.budgetNanos = budget.toNanos();
    this.pool = pool;
  }

  @Override
  public MetricSnapshots collect() {
    long start = System.nanoTime();
    long deadline = start + budgetNanos;
    List<Future<Outcome>> futures = new ArrayList<>(slots.size());
    for (Slot slot : slots) {
      futures.add(slot.start(pool));
    }
    MetricSnapshots.Builder out = MetricSnapshots.builder();
    GaugeSnapshot.Builder duration =
        GaugeSnapshot.builder()
            .name("dropscope_collector_duration_seconds")
            .help("Time a collector took on the last scrape.");
    GaugeSnapshot.Builder success =
        GaugeSnapshot.builder()
            .name("dropscope_collector_success")
            .help(
                "Whether a collector succeeded on the last scrape (1) or failed or overran its budget (0).");
    for (int i = 0; i < slots.size(); i++) {
      Slot slot = slots.get(i);
      Outcome outcome = slot.await(futures.get(i), deadline, start);
      slot.lastOk = outcome.families != null;
      Labels labels = Labels.of("collector", slot.collector.name());
      duration.dataPoint(
          GaugeDataPointSnapshot.builder().labels(labels).value(outcome.seconds).build());
      success.dataPoint(
          GaugeDataPointSnapshot.builder()
              .labels(labels)
              .value(outcome.families != null ? 1 : 0)
              .build());
      if (outcome.families != null) {
        outcome.families.forEach(out::metricSnapshot);
      }
    }
    return out.metricSnapshot(duration.build()).metricSnapshot(success.build()).build();
  }

  /** Each collector's result on the last scrape; empty before the first scrape. */
  public Map<String, Boolean> lastSuccess() {
    Map<String, Boolean> out = new LinkedHashMap<>();
    for (Slot slot : slots) {
      if (slot.lastOk != null) {
        out.put(slot.collector.name(), slot.lastOk);
      }
    }
    return out;
  }

  /** The result of one collector on one scrape; families is null when it failed. */
  private record Outcome(List<MetricSnapshot> families, double seconds) {}

  private static final class Slot {
    final Collector collector;
    final AtomicBoolean running = new AtomicBoolean();
    volatile boolean failing;
    volatile Boolean lastOk;

    Slot(Collector collector) {
      this.collector = collector;
    }

    /** Starts the collector, unless its previous run is still going; then returns null. */
    Future<Outcome> start(ExecutorService pool) {
      if (!running.compareAndSet(false, true)) {
        return null;
      }
      try {
        return pool.submit(
            () -> {
              long t0 = System.nanoTime();
              try {
                return new Outcome(collector.collect(), (System.nanoTime() - t0) / 1e9);
              } finally {
                running.set(false);
              }
            });
      } catch (RuntimeException e) {
        running.set(false);
        throw e;
      }
    }

    Outcome await(Future<Outcome> future, long deadline, long start) {
      if (future == null) {
        return failed("its previous run has not finished (hung?)", null, start);
      }
      try {
        Outcome outcome =
            future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (failing) {
          failing = false;
          log.info("collector {} recovered", collector.name());
        }
        return outcome;
      } catch (TimeoutException e) {
        return failed("overran its time budget", null, start);
      } catch (ExecutionException e) {
        return failed("failed", e.getCause(), start);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return failed("was interrupted", null, start);
      }
    }

    private Outcome failed(String why, Throwable cause, long start) {
      if (!failing) {
        failing = true;
        if (cause != null) {
          log.warn("collector {} {}: {}", collector.name(), why, cause.toString());
        } else {
          log.warn("collector {} {}", collector.name(), why);
        }
      }
      return new Outcome(null, (System.nanoTime() - start) / 1e9);
    }
  }
}
