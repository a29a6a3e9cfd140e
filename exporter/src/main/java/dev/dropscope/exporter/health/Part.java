package dev.dropscope.exporter.health;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The health of one part of the exporter, with the figures it was judged on.
 *
 * <pre>{"status": "up", "memory_used_ratio": 0.41, ...}</pre>
 */
public record Part(Status status, @JsonAnyGetter Map<String, Object> details) {

  public Part {
    details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  public static Part of(Status status, Map<String, Object> details) {
    return new Part(status, details);
  }
}
