package dev.dropscope.exporter.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The event ingest API, {@code POST /api/v1/events}.
 *
 * @param maxBodyBytes a larger request body is refused with 413
 * @param maxEvents a request with more events is refused with 413
 * @param maxSeriesTotal pack series held at most, all metrics together
 * @param silenceAfter a heartbeat-driven series ({@code on_silence}) and a component fall to down
 *     after this long without a heartbeat
 * @param dedupWindow an event id seen within this window is acknowledged but not applied again
 * @param dedupMaxIds ids remembered at most (the oldest are forgotten first)
 * @param tokenFile a file holding the bearer token clients must send; none means no auth. The
 *     environment variable {@code DROPSCOPE_INGEST_TOKEN} is used when no file is set.
 */
public record IngestConfig(
    @JsonProperty("max_body_bytes") Integer maxBodyBytes,
    @JsonProperty("max_events") Integer maxEvents,
    @JsonProperty("max_series_total") Integer maxSeriesTotal,
    @JsonProperty("silence_after") Duration silenceAfter,
    @JsonProperty("dedup_window") Duration dedupWindow,
    @JsonProperty("dedup_max_ids") Integer dedupMaxIds,
    @JsonProperty("token_file") Path tokenFile) {

  public IngestConfig {
    maxBodyBytes = maxBodyBytes != null ? maxBodyBytes : 8 << 20;
    maxEvents = maxEvents != null ? maxEvents : 10_000;
    maxSeriesTotal = maxSeriesTotal != null ? maxSeriesTotal : 100_000;
    silenceAfter = silenceAfter != null ? silenceAfter : Duration.ofMinutes(2);
    dedupWindow = dedupWindow != null ? dedupWindow : Duration.ofMinutes(10);
    dedupMaxIds = dedupMaxIds != null ? dedupMaxIds : 1_000_000;
    if (maxBodyBytes < 1024) {
      throw ConfigException.invalid("max_body_bytes", "at least 1024", maxBodyBytes);
    }
    if (maxEvents < 1) {
      throw ConfigException.invalid("max_events", "a positive number", maxEvents);
    }
    if (maxSeriesTotal < 1) {
      throw ConfigException.invalid("max_series_total", "a positive number", maxSeriesTotal);
    }
    if (silenceAfter.toSeconds() < 1) {
      throw ConfigException.invalid("silence_after", "at least 1s", Durations.format(silenceAfter));
    }
    if (dedupMaxIds < 0) {
      throw ConfigException.invalid("dedup_max_ids", "0 (no deduplication) or more", dedupMaxIds);
    }
  }

  public static IngestConfig defaults() {
    return new IngestConfig(null, null, null, null, null, null, null);
  }
}
