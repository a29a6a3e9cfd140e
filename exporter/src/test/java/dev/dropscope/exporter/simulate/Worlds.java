package dev.dropscope.exporter.simulate;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Simulated event streams for tests, generated once per JVM and shared (they are immutable). */
final class Worlds {
  /** A fixed start, so runs are comparable: a Sunday morning, UTC. */
  static final Instant START = Instant.parse("2026-11-22T09:41:17.250Z");

  static final Set<Pack> ALL = EnumSet.allOf(Pack.class);

  private record Key(long seed, Instant start, Duration span, int wallets, Set<Pack> packs) {}

  private static final ConcurrentMap<Key, List<SimEvent>> cache = new ConcurrentHashMap<>();

  private Worlds() {}

  /** The events of {@code span} from {@link #START} with 5 wallets. */
  static List<SimEvent> events(long seed, Duration span, Set<Pack> packs) {
    return events(seed, START, span, 5, packs);
  }

  static List<SimEvent> events(
      long seed, Instant start, Duration span, int wallets, Set<Pack> packs) {
    return cache.computeIfAbsent(
        new Key(seed, start, span, wallets, Set.copyOf(packs)),
        k -> new Scenario(seed, start, wallets, packs).advanceTo(start.plus(span)));
  }

  /** Only the events of {@code type}. */
  static List<SimEvent> ofType(List<SimEvent> events, String type) {
    return events.stream().filter(e -> e.type().equals(type)).toList();
  }
}
