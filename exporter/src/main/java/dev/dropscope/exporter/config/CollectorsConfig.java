package dev.dropscope.exporter.config;

import java.time.Duration;

/**
 * How collectors run on a scrape.
 *
 * @param timeout the budget of every collector on one scrape; a collector that overruns it reports
 *     {@code dropscope_collector_success 0} and the scrape answers without it. Keep it well under
 *     Prometheus' scrape timeout (10s by default).
 */
public record CollectorsConfig(Duration timeout) {

  public CollectorsConfig {
    timeout = timeout != null ? timeout : Duration.ofSeconds(2);
    if (timeout.toMillis() < 10 || timeout.toSeconds() > 60) {
      throw ConfigException.invalid(
          "timeout", "a duration from 10ms to 60s", Durations.format(timeout));
    }
  }

  public static CollectorsConfig defaults() {
    return new CollectorsConfig(null);
  }
}
