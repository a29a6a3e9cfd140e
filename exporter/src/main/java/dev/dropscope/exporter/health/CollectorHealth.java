package dev.dropscope.exporter.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The collectors' results on the last scrape: {@code degraded} while any of them failed.
 *
 * <pre>{"status":"degraded","failing":["filesystem"],"scraped":true}</pre>
 */
public final class CollectorHealth implements HealthCheck {
  private final Supplier<Map<String, Boolean>> lastSuccess;

  public CollectorHealth(Supplier<Map<String, Boolean>> lastSuccess) {
    this.lastSuccess = lastSuccess;
  }

  @Override
  public String name() {
    return "collectors";
  }

  @Override
  public Part check() {
    Map<String, Boolean> last = new TreeMap<>(lastSuccess.get());
    var failing =
        last.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).toList();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("scraped", !last.isEmpty());
    details.put("failing", failing);
    return Part.of(failing.isEmpty() ? Status.UP : Status.DEGRADED, details);
  }
}
