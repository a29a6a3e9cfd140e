package dev.dropscope.exporter.config;

import java.util.List;
import java.util.Locale;

/**
 * Log output on standard error.
 *
 * @param level trace|debug|info|warn|error
 * @param format json (one JSON object a line, for log shippers) or text (for a terminal)
 */
public record LoggingConfig(String level, String format) {

  public static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error");
  public static final List<String> FORMATS = List.of("json", "text");

  public LoggingConfig {
    level = level != null ? level.toLowerCase(Locale.ROOT) : "info";
    format = format != null ? format.toLowerCase(Locale.ROOT) : "json";
    if (!LEVELS.contains(level)) {
      throw ConfigException.invalid("level", String.join("|", LEVELS), level);
    }
    if (!FORMATS.contains(format)) {
      throw ConfigException.invalid("format", String.join("|", FORMATS), format);
    }
  }

  public static LoggingConfig defaults() {
    return new LoggingConfig(null, null);
  }

  public LoggingConfig withLevel(String newLevel) {
    return new LoggingConfig(newLevel != null ? newLevel : level, format);
  }
}
