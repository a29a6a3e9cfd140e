package dev.dropscope.etl.run;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;

/**
 * The daemon's own metrics, {@code dropscope_etl_*}, served on {@code daemon.metrics_port} for
 * Prometheus to scrape. docs/etl.md lists them.
 */
public final class EtlMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter runs =
      Counter.builder()
          .name("dropscope_etl_runs_total")
          .help("Sync runs by outcome (ok, failed).")
          .labelNames("status")
          .register(registry);
  private final Histogram duration =
      Histogram.builder()
          .name("dropscope_etl_run_duration_seconds")
          .help("How long a sync run took, retries included.")
          .unit(io.prometheus.metrics.model.snapshots.Unit.SECONDS)
          .classicUpperBounds(0.1, 0.5, 1, 5, 15, 60, 300, 900)
          .register(registry);
  private final Counter samples =
      Counter.builder()
          .name("dropscope_etl_samples_loaded_total")
          .help("Prometheus samples inserted into PostgreSQL (duplicates not counted).")
          .register(registry);
  private final Counter events =
      Counter.builder()
          .name("dropscope_etl_events_loaded_total")
          .help("Journal events inserted into PostgreSQL (duplicates not counted).")
          .register(registry);
  private final Counter windows =
      Counter.builder()
          .name("dropscope_etl_windows_loaded_total")
          .help("Windows (Prometheus) and journal chunks committed.")
          .register(registry);
  private final Gauge lastSuccess =
      Gauge.builder()
          .name("dropscope_etl_last_success_timestamp_seconds")
          .help("When the last sync run that succeeded ended, in Unix seconds (0: none yet).")
          .register(registry);
  private final Gauge lag =
      Gauge.builder()
          .name("dropscope_etl_lag_seconds")
          .help("How far behind now the last successful run left the data: now minus its end.")
          .register(registry);

  public PrometheusRegistry registry() {
    return registry;
  }

  /** Counts a run that loaded {@code p} and took {@code took}. */
  public void succeeded(Source.Progress p, Duration took, Instant loadedTo) {
    runs.labelValues("ok").inc();
    duration.observe(took.toNanos() / 1e9);
    samples.inc(p.samples());
    events.inc(p.events());
    windows.inc(p.windows());
    lastSuccess.set(Instant.now().toEpochMilli() / 1000.0);
    lag.set(Math.max(0, Duration.between(loadedTo, Instant.now()).toMillis() / 1000.0));
  }

  public void failed(Duration took) {
    runs.labelValues("failed").inc();
    duration.observe(took.toNanos() / 1e9);
  }
}
