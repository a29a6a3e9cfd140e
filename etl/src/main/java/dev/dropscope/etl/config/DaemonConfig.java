package dev.dropscope.etl.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.dropscope.exporter.config.ConfigException;
import dev.dropscope.exporter.config.Durations;
import java.time.Duration;

/**
 * The {@code daemon} command.
 *
 * @param interval time between syncs (5m); {@code --interval} overrides it
 * @param metricsHost where the daemon serves its {@code dropscope_etl_*} metrics (127.0.0.1)
 * @param metricsPort that port (19101; 0 turns the endpoint off)
 */
public record DaemonConfig(
    Duration interval,
    @JsonProperty("metrics_host") String metricsHost,
    @JsonProperty("metrics_port") Integer metricsPort) {
  public DaemonConfig {
    interval = interval != null ? interval : Duration.ofMinutes(5);
    metricsHost = metricsHost != null ? metricsHost : "127.0.0.1";
    metricsPort = metricsPort != null ? metricsPort : 19101;
    if (interval.toSeconds() < 1) {
      throw ConfigException.invalid("interval", "at least 1s", Durations.format(interval));
    }
    if (metricsPort < 0 || metricsPort > 65535) {
      throw ConfigException.invalid("metrics_port", "a port from 0 to 65535", metricsPort);
    }
  }

  public static DaemonConfig defaults() {
    return new DaemonConfig(null, null, null);
  }
}
