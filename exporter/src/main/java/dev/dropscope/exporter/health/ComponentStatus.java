package dev.dropscope.exporter.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One bot component's health and what it was judged on: its heartbeats, its probe, or both (a
 * source that knows nothing of the component is left out).
 *
 * <pre>{"status":"up",
 *  "heartbeat":{"status":"up","last_seen":"2026-11-22T12:00:00Z","silent":false},
 *  "probe":{"success":true,"duration_seconds":0.004,"last_checked":"2026-11-22T12:00:01Z",
 *           "url":"http://127.0.0.1:8080/health","status_code":200,"consecutive_failures":0,
 *           "last_success":"2026-11-22T12:00:01Z"}}</pre>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ComponentStatus(Status status, Heartbeat heartbeat, Probe probe) {

  /**
   * The component's heartbeats.
   *
   * @param status what its last heartbeat said, or {@code down} once it is silent
   * @param lastSeen when its last heartbeat was sent (ISO-8601)
   * @param silent whether it has been silent for longer than {@code ingest.silence_after}
   */
  public record Heartbeat(
      String status, @JsonProperty("last_seen") String lastSeen, boolean silent) {}

  /**
   * The component's probe. Until its first probe completes only {@code url} and {@code pending} are
   * set.
   *
   * @param success whether the last probe got an expected status in time
   * @param durationSeconds how long the last probe took
   * @param lastChecked when the last probe started (ISO-8601)
   * @param url the probed URL
   * @param statusCode the last response's HTTP status; absent when none arrived
   * @param error why the last probe failed; absent when it succeeded
   * @param consecutiveFailures failed probes since the last success
   * @param lastSuccess when a probe last succeeded (ISO-8601); absent when none has
   * @param pending true while the first probe has not completed; absent after
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Probe(
      Boolean success,
      @JsonProperty("duration_seconds") Double durationSeconds,
      @JsonProperty("last_checked") String lastChecked,
      String url,
      @JsonProperty("status_code") Integer statusCode,
      String error,
      @JsonProperty("consecutive_failures") Integer consecutiveFailures,
      @JsonProperty("last_success") String lastSuccess,
      Boolean pending) {}
}
