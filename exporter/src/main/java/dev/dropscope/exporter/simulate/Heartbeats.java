package dev.dropscope.exporter.simulate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Components that say they are alive every 15 simulated seconds, and the odd outage: now and then
 * one goes silent, reports {@code degraded} or reports {@code down} for a few minutes.
 */
final class Heartbeats {
  static final long PERIOD_MILLIS = 15_000;

  /** What a component is doing. */
  enum Mode {
    UP,
    DEGRADED,
    DOWN,
    SILENT
  }

  private final Agenda agenda;
  private final Emitter out;
  private final Rng rng;
  private final String event;
  private final String nameField;
  private final List<String> components;
  private final double outagesPerDay;
  private final BiConsumer<String, Mode> onOutage;
  private final Map<String, Mode> modes = new HashMap<>();

  /**
   * @param event the heartbeat event ({@code heartbeat})
   * @param nameField the field naming the component ({@code component} or {@code service})
   * @param outagesPerDay how many outages start per simulated day, over all components
   * @param onOutage told when an outage starts, e.g. to report an error
   */
  Heartbeats(
      Agenda agenda,
      Emitter out,
      Rng rng,
      String event,
      String nameField,
      List<String> components,
      double outagesPerDay,
      BiConsumer<String, Mode> onOutage) {
    this.agenda = agenda;
    this.out = out;
    this.rng = rng;
    this.event = event;
    this.nameField = nameField;
    this.components = components;
    this.outagesPerDay = outagesPerDay;
    this.onOutage = onOutage;
  }

  void start() {
    for (String c : components) {
      modes.put(c, Mode.UP);
      agenda.at(agenda.now() + rng.longBetween(0, PERIOD_MILLIS - 1), () -> beat(c));
    }
    scheduleOutage();
  }

  /** What {@code component} is doing now. */
  Mode mode(String component) {
    return modes.getOrDefault(component, Mode.UP);
  }

  boolean isUp(String component) {
    return mode(component) == Mode.UP;
  }

  private void beat(String component) {
    Mode mode = modes.get(component);
    if (mode != Mode.SILENT) {
      out.emit(
          event,
          Emitter.fields()
              .put(nameField, component)
              .put("status", mode == Mode.UP ? "up" : mode == Mode.DEGRADED ? "degraded" : "down"));
    }
    agenda.after(PERIOD_MILLIS + rng.longBetween(-300, 300), () -> beat(component));
  }

  private void scheduleOutage() {
    long wait = (long) (rng.exponential(1.0 / outagesPerDay) * 86_400_000);
    agenda.after(Math.max(wait, 60_000), this::startOutage);
  }

  private void startOutage() {
    String component = rng.pick(components);
    if (modes.get(component) == Mode.UP) {
      double r = rng.uniform();
      Mode mode = r < 0.4 ? Mode.SILENT : r < 0.8 ? Mode.DEGRADED : Mode.DOWN;
      long minutes =
          switch (mode) {
            case SILENT -> rng.longBetween(3, 8);
            case DEGRADED -> rng.longBetween(5, 15);
            case DOWN -> rng.longBetween(2, 6);
            case UP -> throw new AssertionError(mode);
          };
      modes.put(component, mode);
      onOutage.accept(component, mode);
      agenda.after(
          minutes * 60_000 + rng.longBetween(0, 59_999), () -> modes.put(component, Mode.UP));
    }
    scheduleOutage();
  }
}
