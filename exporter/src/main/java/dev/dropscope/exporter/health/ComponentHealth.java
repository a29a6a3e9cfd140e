package dev.dropscope.exporter.health;

import dev.dropscope.exporter.ingest.Components;
import dev.dropscope.exporter.probe.ProbeResult;
import dev.dropscope.exporter.probe.ProbeStatus;
import dev.dropscope.exporter.probe.Probes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Bot components' health, from their heartbeats ({@link Components}) and their probes ({@link
 * Probes}). The rule, also in {@code docs/health.md}:
 *
 * <ul>
 *   <li>a name that neither heartbeats nor configured probes know is unknown (404);
 *   <li>otherwise the status is the worst of what the sources say: the last heartbeat's {@code up},
 *       {@code degraded} or {@code down} ({@code down} once silent for {@code
 *       ingest.silence_after}); a probe that succeeded {@code up}, one that failed {@code down};
 *   <li>a probe whose first run has not completed says nothing, and a component of which nothing is
 *       known yet is {@code down}: health is never assumed.
 * </ul>
 *
 * As a part of {@code /health} it is the worst of every component, {@code up} when there are none:
 *
 * <pre>{"status":"degraded","components":{"scheduler":{"status":"degraded",...}}}</pre>
 */
public final class ComponentHealth implements HealthCheck {
  private final Components heartbeats;
  private final Probes probes;

  public ComponentHealth(Components heartbeats, Probes probes) {
    this.heartbeats = heartbeats;
    this.probes = probes;
  }

  @Override
  public String name() {
    return "components";
  }

  /** Every component, and the worst of their statuses. */
  @Override
  public Part check() {
    Map<String, ComponentStatus> all = all();
    Status overall = Status.UP;
    for (ComponentStatus c : all.values()) {
      overall = overall.and(c.status());
    }
    return Part.of(overall, Map.of("components", all));
  }

  /** One component by name; empty when neither heartbeats nor probes know it. */
  public Optional<ComponentStatus> one(String name) {
    Optional<Components.Beat> beat = heartbeats.status(name);
    Optional<ProbeStatus> probe = probes.status(name);
    if (beat.isEmpty() && probe.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(judge(beat.orElse(null), probe.orElse(null)));
  }

  /** Every component heartbeats or probes know, by name. */
  public Map<String, ComponentStatus> all() {
    TreeSet<String> names = new TreeSet<>(heartbeats.all().keySet());
    names.addAll(probes.names());
    Map<String, ComponentStatus> out = new TreeMap<>();
    for (String name : names) {
      one(name).ifPresent(c -> out.put(name, c));
    }
    return out;
  }

  /** Applies the rule to what is known; {@code beat} and {@code probe} may each be null. */
  static ComponentStatus judge(Components.Beat beat, ProbeStatus probe) {
    Status status = null;
    ComponentStatus.Heartbeat heartbeatView = null;
    ComponentStatus.Probe probeView = null;
    if (beat != null) {
      status = heartbeatStatus(beat.status());
      heartbeatView = new ComponentStatus.Heartbeat(beat.status(), iso(beat.at()), beat.silent());
    }
    if (probe != null) {
      probeView = view(probe);
      if (!probe.pending()) {
        Status said = probe.last().success() ? Status.UP : Status.DOWN;
        status = status == null ? said : status.and(said);
      }
    }
    return new ComponentStatus(status != null ? status : Status.DOWN, heartbeatView, probeView);
  }

  /** A heartbeat's word: {@code up} and {@code degraded} as said, anything else is down. */
  private static Status heartbeatStatus(String said) {
    return switch (said) {
      case "up" -> Status.UP;
      case "degraded" -> Status.DEGRADED;
      default -> Status.DOWN;
    };
  }

  private static ComponentStatus.Probe view(ProbeStatus p) {
    if (p.pending()) {
      return new ComponentStatus.Probe(null, null, null, p.url(), null, null, null, null, true);
    }
    ProbeResult last = p.last();
    return new ComponentStatus.Probe(
        last.success(),
        Math.round(last.durationSeconds() * 1e6) / 1e6,
        iso(last.checkedAt()),
        p.url(),
        last.statusCode() > 0 ? last.statusCode() : null,
        last.error(),
        p.consecutiveFailures(),
        p.lastSuccess() != null ? iso(p.lastSuccess()) : null,
        null);
  }

  /** An instant as ISO-8601 UTC to the millisecond. */
  private static String iso(Instant t) {
    return t.truncatedTo(ChronoUnit.MILLIS).toString();
  }
}
