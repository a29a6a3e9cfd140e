package dev.dropscope.rules.alertmanager;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Checked channels and routing, ready to be written as an Alertmanager configuration.
 *
 * @param smtp null when no channel sends email
 * @param channels by name
 */
public record Channels(Smtp smtp, Map<String, Channel> channels, Routing routing) {

  public record Smtp(
      String smarthost,
      String from,
      String authUsername,
      String authPasswordFile,
      boolean requireTls) {}

  /**
   * @param severities by severity label (critical, warning, info)
   * @param packs by pack, then severity label
   */
  public record Routing(
      List<String> groupBy,
      Duration groupWait,
      Duration groupInterval,
      Route defaultRoute,
      Map<String, Route> severities,
      Map<String, Map<String, Route>> packs) {}

  /** Channels notified and how often a still-firing alert is repeated. */
  public record Route(List<String> channels, Duration repeatInterval) {}
}
