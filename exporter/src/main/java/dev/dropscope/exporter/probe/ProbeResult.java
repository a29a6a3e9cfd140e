package dev.dropscope.exporter.probe;

import java.time.Instant;

/**
 * The outcome of one probe of a component's health URL.
 *
 * @param checkedAt when the probe started
 * @param durationSeconds time to the whole response, or to the failure
 * @param statusCode the response's HTTP status; 0 when no response arrived
 * @param error why the probe failed, in a few words; null when it succeeded
 */
public record ProbeResult(Instant checkedAt, double durationSeconds, int statusCode, String error) {

  /** Whether a response arrived in time with an expected status. */
  public boolean success() {
    return error == null;
  }
}
