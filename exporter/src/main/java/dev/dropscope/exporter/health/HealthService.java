package dev.dropscope.exporter.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs health checks within a time budget and combines them. A check that throws or overruns is
 * reported {@code down} with the reason; it never hangs the endpoint.
 */
public final class HealthService {
  private final List<HealthCheck> checks;
  private final Duration budget;
  private final ExecutorService pool;

  public HealthService(List<HealthCheck> checks, Duration budget, ExecutorService pool) {
    this.checks = List.copyOf(checks);
    this.budget = budget;
    this.pool = pool;
  }

  /** Every part, and the worst of their statuses. */
  public Report all() {
    Map<String, Future<Part>> running = new LinkedHashMap<>();
    for (HealthCheck check : checks) {
      running.put(check.name(), pool.submit(check::check));
    }
    long deadline = System.nanoTime() + budget.toNanos();
    Map<String, Part> parts = new LinkedHashMap<>();
    Status overall = Status.UP;
    for (var entry : running.entrySet()) {
      Part part = await(entry.getValue(), deadline);
      parts.put(entry.getKey(), part);
      overall = overall.and(part.status());
    }
    return new Report(overall, parts);
  }

  /** One part by name, or empty when no check has that name. */
  public Optional<Part> one(String name) {
    return checks.stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .map(c -> await(pool.submit(c::check), System.nanoTime() + budget.toNanos()));
  }

  private static Part await(Future<Part> future, long deadline) {
    try {
      return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      return Part.of(Status.DOWN, Map.of("error", "check overran its time budget"));
    } catch (ExecutionException e) {
      return Part.of(Status.DOWN, Map.of("error", String.valueOf(e.getCause())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Part.of(Status.DOWN, Map.of("error", "interrupted"));
    }
  }

  /** The {@code /health} document. */
  public record Report(Status status, Map<String, Part> parts) {}
}
