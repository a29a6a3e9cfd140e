package dev.dropscope.exporter.probe;

import java.time.Instant;

/**
 * What the exporter knows of one component's probe.
 *
 * @param component the component's configured name
 * @param url the probed URL
 * @param last the latest probe's outcome; null until the first probe completes
 * @param consecutiveFailures failed probes since the last success; each one doubles the delay
 *     before the next probe, up to 8 times the interval
 * @param lastSuccess when a probe last succeeded; null when none has
 */
public record ProbeStatus(
    String component, String url, ProbeResult last, int consecutiveFailures, Instant lastSuccess) {

  /** A component whose first probe has not completed yet. */
  static ProbeStatus pending(String component, String url) {
    return new ProbeStatus(component, url, null, 0, null);
  }

  /** Whether no probe has completed yet. */
  public boolean pending() {
    return last == null;
  }

  /** This status after another probe. */
  ProbeStatus after(ProbeResult result) {
    return result.success()
        ? new ProbeStatus(component, url, result, 0, result.checkedAt())
        : new ProbeStatus(component, url, result, consecutiveFailures + 1, lastSuccess);
  }
}
