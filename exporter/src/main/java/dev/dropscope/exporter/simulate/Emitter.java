package dev.dropscope.exporter.simulate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Where one pack's models put their events: stamps the simulated time and the next idempotency key
 * ({@code sim-<run>-<pack>-<n>}, numbered per pack so other packs never shift it).
 */
final class Emitter {
  private final Agenda agenda;
  private final String pack;
  private final String idPrefix;
  private final Consumer<SimEvent> out;
  private long count;

  Emitter(Agenda agenda, Pack pack, String run, Consumer<SimEvent> out) {
    this.agenda = agenda;
    this.pack = pack.wireName();
    this.idPrefix = "sim-" + run + "-" + pack.wireName() + "-";
    this.out = out;
  }

  /** A fresh, empty field object. */
  static ObjectNode fields() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** Emits {@code <pack>.<event>} now. */
  void emit(String event, ObjectNode fields) {
    out.accept(
        new SimEvent(
            Instant.ofEpochMilli(agenda.now()), pack + "." + event, idPrefix + ++count, fields));
  }

  /** Emits {@code <pack>.<event>} at the simulated time {@code atMillis} (not before now). */
  void emitAt(long atMillis, String event, ObjectNode fields) {
    agenda.at(atMillis, () -> emit(event, fields));
  }
}
