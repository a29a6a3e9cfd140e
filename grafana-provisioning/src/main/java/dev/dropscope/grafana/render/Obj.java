package dev.dropscope.grafana.render;

import java.io.Serial;
import java.util.LinkedHashMap;

/**
 * A JSON object under construction, one {@code with(key, value)} per line; values may be null.
 * {@link JsonText} writes its keys sorted.
 */
final class Obj extends LinkedHashMap<String, Object> {
  @Serial private static final long serialVersionUID = 1L;

  static Obj obj() {
    return new Obj();
  }

  Obj with(String key, Object value) {
    put(key, value);
    return this;
  }
}
