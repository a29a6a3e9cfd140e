package dev.dropscope.exporter.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the exporter knows of each bot component from its heartbeats: last status and when it was
 * last heard. A component silent for longer than the silence period counts as down.
 */
public final class Components {
  private final Map<String, Beat> beats = new ConcurrentHashMap<>();
  private final Duration silenceAfter;
  private final Clock clock;

  public Components(Duration silenceAfter, Clock clock) {
    this.silenceAfter = silenceAfter;
    this.clock = clock;
  }

  /**
   * What a component's heartbeats say.
   *
   * @param status the status its last heartbeat reported, or {@code down} once it is silent
   * @param at when the last heartbeat was sent
   * @param silent whether it has been silent for longer than the silence period
   */
  public record Beat(String status, Instant at, boolean silent) {}

  void heartbeat(String component, String status, Instant at) {
    beats.merge(
        component,
        new Beat(status, at, false),
        (old, fresh) -> fresh.at().isBefore(old.at()) ? old : fresh);
  }

  /** The component's heartbeat status: its own word, or {@code down} once silent too long. */
  public Optional<Beat> status(String component) {
    Beat b = beats.get(component);
    if (b == null) {
      return Optional.empty();
    }
    if (Duration.between(b.at(), clock.instant()).compareTo(silenceAfter) > 0) {
      return Optional.of(new Beat("down", b.at(), true));
    }
    return Optional.of(b);
  }

  /** Every component heard from, by name. */
  public Map<String, Beat> all() {
    Map<String, Beat> out = new TreeMap<>();
    beats.keySet().forEach(name -> status(name).ifPresent(b -> out.put(name, b)));
    return out;
  }
}
