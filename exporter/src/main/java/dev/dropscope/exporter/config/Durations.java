package dev.dropscope.exporter.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prometheus-style durations: {@code 250ms}, {@code 5s}, {@code 1m}, {@code 2h}, {@code 7d}. */
public final class Durations {
  private static final Pattern FORMAT = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");

  /** What a user is told when a duration does not parse. */
  public static final String EXPECTED = "a duration like 500ms, 5s, 1m, 2h or 7d";

  private Durations() {}

  /** Parses a duration, or returns null when the text is not one. */
  public static Duration parseOrNull(String text) {
    Matcher m = FORMAT.matcher(text.trim());
    if (!m.matches()) {
      return null;
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      case "w" -> Duration.ofDays(7 * n);
      default -> throw new AssertionError(m.group(2));
    };
  }

  /** Formats a duration the way it is written in configuration files. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 86_400_000 == 0 && ms > 0) {
      return ms / 86_400_000 + "d";
    }
    if (ms % 3_600_000 == 0 && ms > 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0 && ms > 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
