package dev.dropscope.exporter.health;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The health of a part or of the whole; HTTP 200 for {@link #UP}, 503 otherwise. */
public enum Status {
  UP,
  DEGRADED,
  DOWN;

  /** The worse of two statuses. */
  public Status and(Status other) {
    return compareTo(other) >= 0 ? this : other;
  }

  public int httpCode() {
    return this == UP ? 200 : 503;
  }

  @JsonValue
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }
}
