package dev.dropscope.exporter.simulate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One simulated event; {@link Ndjson} writes it as {@code {"type": "<pack>.<event>", "ts": ...,
 * "id": ..., <fields>}}.
 *
 * @param ts the simulated time it happened
 * @param type {@code <pack>.<event>}, e.g. {@code airdrops.claim}
 * @param id the idempotency key: the same for the same seed, start and position in the stream
 * @param fields the event's fields, in the order they are written
 */
record SimEvent(Instant ts, String type, String id, ObjectNode fields) {

  /** The pack part of {@link #type()}. */
  String pack() {
    return type.substring(0, type.indexOf('.'));
  }
}
