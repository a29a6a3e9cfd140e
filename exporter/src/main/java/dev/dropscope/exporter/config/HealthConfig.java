package dev.dropscope.exporter.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What {@code /health} and {@code /health/system} judge against. */
public record HealthConfig(SystemThresholds system) {

  public HealthConfig {
    system = system != null ? system : SystemThresholds.defaults();
  }

  public static HealthConfig defaults() {
    return new HealthConfig(null);
  }

  /**
   * Ratios (0..1) above which the host is reported unhealthy.
   *
   * @param cpuBusy share of CPU time not idle since the previous check
   * @param memoryUsed {@code 1 - MemAvailable / MemTotal}
   * @param diskUsed {@code 1 - avail / size} of any filesystem {@code node_filesystem_*} covers
   */
  public record SystemThresholds(
      @JsonProperty("cpu_busy_ratio") Double cpuBusy,
      @JsonProperty("memory_used_ratio") Double memoryUsed,
      @JsonProperty("disk_used_ratio") Double diskUsed) {

    public SystemThresholds {
      cpuBusy = ratio("cpu_busy_ratio", cpuBusy, 0.95);
      memoryUsed = ratio("memory_used_ratio", memoryUsed, 0.90);
      diskUsed = ratio("disk_used_ratio", diskUsed, 0.90);
    }

    public static SystemThresholds defaults() {
      return new SystemThresholds(null, null, null);
    }

    private static double ratio(String key, Double value, double fallback) {
      if (value == null) {
        return fallback;
      }
      if (!(value > 0 && value <= 1)) {
        throw ConfigException.invalid(key, "a ratio above 0 and at most 1", value);
      }
      return value;
    }
  }
}
