package dev.dropscope.etl.config;

import dev.dropscope.exporter.config.ConfigException;
import dev.dropscope.exporter.config.Durations;
import java.time.Duration;

/**
 * How long {@code prune} keeps data. {@code prune --older-than D} overrides {@code raw}.
 *
 * @param raw raw samples (90d); dropped a whole day partition at a time
 * @param rollups the 5m and 1h rollups (730d)
 */
public record RetentionConfig(Duration raw, Duration rollups) {
  public RetentionConfig {
    raw = raw != null ? raw : Duration.ofDays(90);
    rollups = rollups != null ? rollups : Duration.ofDays(730);
    if (raw.toDays() < 1) {
      throw ConfigException.invalid("raw", "at least 1d", Durations.format(raw));
    }
    if (rollups.compareTo(raw) < 0) {
      throw ConfigException.invalid(
          "rollups", "at least raw (" + Durations.format(raw) + ")", Durations.format(rollups));
    }
  }

  public static RetentionConfig defaults() {
    return new RetentionConfig(null, null);
  }
}
