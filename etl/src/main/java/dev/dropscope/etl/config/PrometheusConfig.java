package dev.dropscope.etl.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.dropscope.exporter.config.ConfigException;
import dev.dropscope.exporter.config.Durations;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The Prometheus-compatible HTTP API the samples come from (Prometheus, Thanos Query, Mimir,
 * VictoriaMetrics).
 *
 * @param url base URL, e.g. {@code http://127.0.0.1:9090} or Mimir's {@code
 *     http://mimir:8080/prometheus}; {@code --prometheus URL} overrides it
 * @param timeout per request (30s)
 * @param bearerTokenFile a file holding a bearer token, sent as {@code Authorization: Bearer}
 * @param username basic-auth user; needs {@code password_file}
 * @param passwordFile a file holding the basic-auth password
 * @param caFile PEM certificates to trust for an {@code https} URL, besides the JDK's
 * @param selectors the series to load, as PromQL series selectors; by default every series of the
 *     built-in packs, the exporter's and ETL's own {@code dropscope_*} metrics, {@code ALERTS}, and
 *     {@code host_metrics}
 * @param hostMetrics node_* metric names added to the default selectors
 * @param lag how far behind now a sync stops, so that late scrapes are in (1m)
 * @param maxWindow the longest window one query covers (1h); windows are shortened further to stay
 *     under {@code max_samples}
 * @param maxSamples the most samples one query may return (1,000,000; Prometheus refuses a query
 *     over its {@code --query.max-samples}, 50,000,000 by default)
 * @param initialLookback where the first sync starts when nothing is loaded yet: this long before
 *     now (6h)
 * @param headers request headers sent with every request, e.g. Mimir's tenant {@code
 *     X-Scope-OrgID}; none by default. Credentials belong in the keys above.
 */
public record PrometheusConfig(
    URI url,
    Duration timeout,
    @JsonProperty("bearer_token_file") Path bearerTokenFile,
    String username,
    @JsonProperty("password_file") Path passwordFile,
    @JsonProperty("ca_file") Path caFile,
    List<String> selectors,
    @JsonProperty("host_metrics") List<String> hostMetrics,
    Duration lag,
    @JsonProperty("max_window") Duration maxWindow,
    @JsonProperty("max_samples") Long maxSamples,
    @JsonProperty("initial_lookback") Duration initialLookback,
    Map<String, String> headers) {

  public static final URI DEFAULT_URL = URI.create("http://127.0.0.1:9090");

  /** The host metrics loaded by default: the ones the host dashboard and reports read. */
  public static final List<String> DEFAULT_HOST_METRICS =
      List.of(
          "node_cpu_seconds_total",
          "node_load1",
          "node_load5",
          "node_load15",
          "node_memory_MemTotal_bytes",
          "node_memory_MemAvailable_bytes",
          "node_memory_SwapTotal_bytes",
          "node_memory_SwapFree_bytes",
          "node_filesystem_size_bytes",
          "node_filesystem_avail_bytes",
          "node_boot_time_seconds",
          "node_network_receive_bytes_total",
          "node_network_transmit_bytes_total");

  /** The pack and self-metric prefixes loaded by default. */
  public static final List<String> DEFAULT_PREFIXES =
      List.of("airdrops_", "trading_", "gateway_", "dropscope_");

  public PrometheusConfig {
    url = url != null ? url : DEFAULT_URL;
    timeout = timeout != null ? timeout : Duration.ofSeconds(30);
    hostMetrics = hostMetrics != null ? List.copyOf(hostMetrics) : DEFAULT_HOST_METRICS;
    selectors = selectors != null ? List.copyOf(selectors) : defaultSelectors(hostMetrics);
    lag = lag != null ? lag : Duration.ofMinutes(1);
    maxWindow = maxWindow != null ? maxWindow : Duration.ofHours(1);
    maxSamples = maxSamples != null ? maxSamples : 1_000_000L;
    initialLookback = initialLookback != null ? initialLookback : Duration.ofHours(6);
    headers = headers != null ? Collections.unmodifiableMap(new TreeMap<>(headers)) : Map.of();
    String scheme = url.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme) || url.getHost() == null) {
      throw ConfigException.invalid("url", "an http:// or https:// URL", url);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw ConfigException.invalid("timeout", "a positive duration", Durations.format(timeout));
    }
    if (username != null && passwordFile == null) {
      throw ConfigException.invalid("password_file", "a file, since username is set", null);
    }
    if (bearerTokenFile != null && username != null) {
      throw ConfigException.invalid(
          "bearer_token_file", "either bearer_token_file or username, not both", bearerTokenFile);
    }
    if (selectors.isEmpty()) {
      throw ConfigException.invalid("selectors", "at least one series selector", "[]");
    }
    for (int i = 0; i < selectors.size(); i++) {
      String s = selectors.get(i);
      if (s == null || s.isBlank() || s.contains("[")) {
        throw ConfigException.invalid(
            "selectors[" + i + "]",
            "a series selector like airdrops_claims_total or {__name__=~\"airdrops_.*\"}, without"
                + " a range",
            s);
      }
    }
    if (lag.isNegative()) {
      throw ConfigException.invalid("lag", "a duration of 0s or more", Durations.format(lag));
    }
    if (maxWindow.toSeconds() < 60) {
      throw ConfigException.invalid("max_window", "at least 1m", Durations.format(maxWindow));
    }
    if (maxSamples < 10_000) {
      throw ConfigException.invalid("max_samples", "at least 10000", maxSamples);
    }
    if (initialLookback.isNegative() || initialLookback.isZero()) {
      throw ConfigException.invalid(
          "initial_lookback", "a positive duration", Durations.format(initialLookback));
    }
    for (var h : headers.entrySet()) {
      String name = h.getKey();
      if (!HEADER_NAME.matcher(name).matches()
          || RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        throw ConfigException.invalid(
            "headers",
            "header names other than "
                + String.join(", ", new TreeSet<>(RESERVED_HEADERS))
                + " (credentials: bearer_token_file, or username and password_file)",
            name);
      }
      String value = h.getValue();
      if (value == null || value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
        // the value may be a secret: say what is wrong with it, never what it is
        throw new ConfigException(
            "headers."
                + name
                + ": expected a one-line header value, found "
                + (value == null ? "nothing" : "a line break"));
      }
    }
  }

  private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");

  /** Headers the ETL sets itself, or the HTTP client refuses. */
  private static final Set<String> RESERVED_HEADERS =
      Set.of(
          "authorization",
          "content-type",
          "content-length",
          "accept",
          "accept-encoding",
          "host",
          "connection",
          "user-agent",
          "transfer-encoding");

  public static PrometheusConfig defaults() {
    return new PrometheusConfig(
        null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  /** This configuration with another URL, as {@code --prometheus URL} sets it. */
  public PrometheusConfig withUrl(URI newUrl) {
    return new PrometheusConfig(
        newUrl,
        timeout,
        bearerTokenFile,
        username,
        passwordFile,
        caFile,
        selectors,
        hostMetrics,
        lag,
        maxWindow,
        maxSamples,
        initialLookback,
        headers);
  }

  /** One selector for the prefixes, one for the host metrics. */
  static List<String> defaultSelectors(List<String> hostMetrics) {
    String prefixes = String.join("|", DEFAULT_PREFIXES.stream().map(p -> p + ".*").toList());
    String alerts = "{__name__=~\"" + prefixes + "|ALERTS\"}";
    if (hostMetrics.isEmpty()) {
      return List.of(alerts);
    }
    return List.of(alerts, "{__name__=~\"" + String.join("|", hostMetrics) + "\"}");
  }
}
