package dev.dropscope.exporter.probe;

import dev.dropscope.exporter.config.ComponentConfig;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes the configured components' health URLs, each on its own interval, on threads of its own:
 * the first probe at start, the next one interval after each probe ends, with exponential backoff
 * while a component keeps failing (see {@link Backoff}). Scrapes and health checks only read the
 * latest results, so a slow or hung component never slows them down. A log line marks each change
 * between success and failure, not each probe.
 */
public final class Probes implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Probes.class);

  private final Map<String, Target> targets = new LinkedHashMap<>();
  private final Prober prober;
  private final Ticker ticker;
  private final DoubleSupplier random;
  private final AutoCloseable client;
  private volatile boolean closed;

  Probes(
      List<ComponentConfig> components,
      Prober prober,
      Ticker ticker,
      DoubleSupplier random,
      AutoCloseable client) {
    for (ComponentConfig c : components) {
      targets.put(c.name(), new Target(c));
    }
    this.prober = prober;
    this.ticker = ticker;
    this.random = random;
    this.client = client;
  }

  /** Starts probing every component now; with none, starts no thread at all. */
  public static Probes start(List<ComponentConfig> components, Clock clock) {
    if (components.isEmpty()) {
      return new Probes(List.of(), null, Ticker.NONE, () -> 0.5, null);
    }
    HttpClient client = Prober.newClient();
    Probes probes =
        new Probes(
            components,
            new Prober(client, clock),
            new ThreadTicker(),
            () -> ThreadLocalRandom.current().nextDouble(),
            client::shutdownNow);
    probes.begin();
    return probes;
  }

  /** Schedules every component's first probe, due at once. */
  void begin() {
    targets.values().forEach(t -> ticker.schedule(Duration.ZERO, () -> tick(t)));
  }

  /** The configured components' names, in configuration order. */
  public Set<String> names() {
    return Collections.unmodifiableSet(targets.keySet());
  }

  /** The probe status of a configured component; empty when no component has that name. */
  public Optional<ProbeStatus> status(String component) {
    return Optional.ofNullable(targets.get(component)).map(t -> t.status);
  }

  /** Every configured component's probe status, in configuration order. */
  public List<ProbeStatus> all() {
    return targets.values().stream().map(t -> t.status).toList();
  }

  /** The probe metric families, from the latest results; never waits on a probe. */
  public List<MetricSnapshot> metrics() {
    return ProbeMetrics.of(all());
  }

  /** Probes one component, records the result and schedules its next probe. */
  private void tick(Target target) {
    if (closed) {
      return;
    }
    ProbeResult result = prober.probe(target.config);
    if (closed) {
      return;
    }
    ProbeStatus before = target.status;
    ProbeStatus after = before.after(result);
    target.status = after;
    Duration next =
        Backoff.delay(target.config.interval(), after.consecutiveFailures(), random.getAsDouble());
    logChange(before, after, next);
    ticker.schedule(next, () -> tick(target));
  }

  private static void logChange(ProbeStatus before, ProbeStatus after, Duration next) {
    boolean wasOk = !before.pending() && before.last().success();
    boolean wasFailing = !before.pending() && !before.last().success();
    if (after.last().success()) {
      if (before.pending()) {
        log.info("probe of component {} succeeded ({})", after.component(), after.url());
      } else if (wasFailing) {
        log.info(
            "probe of component {} recovered after {} failed probes",
            after.component(),
            before.consecutiveFailures());
      }
    } else if (before.pending() || wasOk) {
      log.warn(
          "probe of component {} failed: {} ({}); backing off, next probe in {} ms",
          after.component(),
          after.last().error(),
          after.url(),
          next.toMillis());
    }
  }

  @Override
  public void close() {
    closed = true;
    ticker.close();
    if (client != null) {
      try {
        client.close();
      } catch (Exception e) {
        log.debug("closing the probe HTTP client failed", e);
      }
    }
  }

  /** One component and its latest status; only its own probe loop writes the status. */
  private static final class Target {
    final ComponentConfig config;
    volatile ProbeStatus status;

    Target(ComponentConfig config) {
      this.config = config;
      this.status = ProbeStatus.pending(config.name(), config.url());
    }
  }
}
