package dev.dropscope.rules.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.dropscope.exporter.config.ConfigException;
import dev.dropscope.exporter.config.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How the generator builds the bundle ({@code alert-rules/settings.yml}).
 *
 * @param runbookBaseUrl where docs/runbooks.md is published; each alert's {@code runbook_url} is
 *     this plus {@code #} and the alert's anchor
 * @param scrapeInterval the scrape interval of the Prometheus that runs the rules
 * @param minRangeFactor range windows must span at least this many scrape intervals
 * @param targetLabels labels every scraped series has (annotation templates may use them)
 * @param testInterval sample spacing and evaluation interval of the generated unit tests
 * @param packsDir a directory of user packs whose metrics rules may use, relative to the settings
 *     file; none means the built-in packs only
 */
public record Settings(
    @JsonProperty("runbook_base_url") String runbookBaseUrl,
    @JsonProperty("scrape_interval") Duration scrapeInterval,
    @JsonProperty("min_range_factor") Integer minRangeFactor,
    @JsonProperty("target_labels") List<String> targetLabels,
    @JsonProperty("test_interval") Duration testInterval,
    @JsonProperty("packs_dir") Path packsDir) {

  public Settings {
    runbookBaseUrl =
        runbookBaseUrl != null
            ? runbookBaseUrl
            : "https://github.com/dropscope/dropscope/blob/main/docs/runbooks.md";
    scrapeInterval = scrapeInterval != null ? scrapeInterval : Duration.ofSeconds(15);
    minRangeFactor = minRangeFactor != null ? minRangeFactor : 2;
    targetLabels = targetLabels != null ? List.copyOf(targetLabels) : List.of("instance", "job");
    testInterval = testInterval != null ? testInterval : Duration.ofMinutes(1);
    if (!runbookBaseUrl.startsWith("http://") && !runbookBaseUrl.startsWith("https://")) {
      throw ConfigException.invalid("runbook_base_url", "an http(s) URL", runbookBaseUrl);
    }
    if (runbookBaseUrl.contains("#")) {
      throw ConfigException.invalid(
          "runbook_base_url",
          "a URL without #fragment (the alert's anchor is appended)",
          runbookBaseUrl);
    }
    if (scrapeInterval.toMillis() < 1000) {
      throw ConfigException.invalid(
          "scrape_interval", "at least 1s", Durations.format(scrapeInterval));
    }
    if (minRangeFactor < 1) {
      throw ConfigException.invalid("min_range_factor", "1 or more", minRangeFactor);
    }
    if (testInterval.toMillis() < 1000 || testInterval.toMillis() % 1000 != 0) {
      throw ConfigException.invalid(
          "test_interval", "whole seconds, at least 1s", Durations.format(testInterval));
    }
  }

  public static Settings defaults() {
    return new Settings(null, null, null, null, null, null);
  }

  /** The shortest range window a rule may use: {@code min_range_factor × scrape_interval}. */
  public Duration minRange() {
    return scrapeInterval.multipliedBy(minRangeFactor);
  }
}
