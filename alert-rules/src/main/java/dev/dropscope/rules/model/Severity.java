package dev.dropscope.rules.model;

import java.util.Locale;

/**
 * A spec's severity level. The generated {@code severity} label follows the ecosystem's routing
 * convention (info, warning, critical); the level itself is kept as the {@code priority} label so
 * routes can still tell high from critical.
 */
public enum Severity {
  LOW("info"),
  MEDIUM("warning"),
  HIGH("critical"),
  CRITICAL("critical");

  private final String label;

  Severity(String label) {
    this.label = label;
  }

  /** The {@code severity} label value: info, warning or critical. */
  public String label() {
    return label;
  }

  /** The {@code priority} label value: the spec's level, low|medium|high|critical. */
  public String priority() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The level written as {@code text}, or null. */
  public static Severity parse(String text) {
    for (Severity s : values()) {
      if (s.priority().equals(text)) {
        return s;
      }
    }
    return null;
  }
}
