package dev.dropscope.exporter.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.net.URISyntaxException;
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
 * One bot component whose health URL the exporter probes. See {@code docs/health.md}.
 *
 * @param name the component's name: the {@code component} label of the probe metrics and the {@code
 *     {name}} of {@code /health/components/{name}}; heartbeats with the same component name count
 *     towards the same component
 * @param url the http(s) URL to GET
 * @param interval time between the end of one probe and the start of the next (1s to 1h; 15s by
 *     default); doubled on each consecutive failure up to 8 times, back to normal on success
 * @param timeout a probe without a whole response by then fails (at least 10ms, less than the
 *     interval; 2s by default)
 * @param expectStatus response statuses that count as success: codes ({@code 200}) or classes
 *     ({@code 2xx}); {@code [2xx]} by default. Redirects are not followed, so {@code 3xx} can be
 *     expected.
 * @param headers request headers sent with every probe, e.g. an {@code Authorization} header; none
 *     by default
 */
public record ComponentConfig(
    String name,
    String url,
    Duration interval,
    Duration timeout,
    @JsonProperty("expect_status")
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        List<String> expectStatus,
    Map<String, String> headers) {

  /** What a component name may be: a short identifier that is also safe in a URL path. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

  static final String NAME_EXPECTED =
      "a short name of letters, digits, '_', '.' and '-' (at most 63, starting with a letter or"
          + " digit)";

  private static final Pattern STATUS = Pattern.compile("[1-5](\\d\\d|xx)");
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  /** Headers the JDK HTTP client sets itself and refuses to take from the caller. */
  private static final Set<String> RESTRICTED_HEADERS =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  public ComponentConfig {
    interval = interval != null ? interval : Duration.ofSeconds(15);
    timeout = timeout != null ? timeout : Duration.ofSeconds(2);
    expectStatus =
        expectStatus != null
            ? expectStatus.stream().map(s -> s == null ? null : s.toLowerCase(Locale.ROOT)).toList()
            : List.of("2xx");
    headers = headers != null ? sortedCopy(headers) : Map.of();
    if (name == null || !NAME.matcher(name).matches()) {
      throw ConfigException.invalid("name", NAME_EXPECTED, name);
    }
    if (!isHttpUrl(url)) {
      throw ConfigException.invalid("url", "an http(s) URL", url);
    }
    if (interval.toSeconds() < 1 || interval.compareTo(Duration.ofHours(1)) > 0) {
      throw ConfigException.invalid(
          "interval", "a duration from 1s to 1h", Durations.format(interval));
    }
    if (timeout.toMillis() < 10 || timeout.compareTo(interval) >= 0) {
      throw ConfigException.invalid(
          "timeout",
          "a duration from 10ms to less than the interval (" + Durations.format(interval) + ")",
          Durations.format(timeout));
    }
    if (expectStatus.isEmpty()) {
      throw ConfigException.invalid(
          "expect_status", "at least one status like 200 or class like 2xx", "[]");
    }
    for (int i = 0; i < expectStatus.size(); i++) {
      String s = expectStatus.get(i);
      if (s == null || !STATUS.matcher(s).matches()) {
        throw ConfigException.invalid(
            "expect_status[" + i + "]",
            "an HTTP status like 200 or a class like 2xx (100 to 599)",
            s);
      }
    }
    for (var h : headers.entrySet()) {
      if (!HEADER_NAME.matcher(h.getKey()).matches()
          || RESTRICTED_HEADERS.contains(h.getKey().toLowerCase(Locale.ROOT))) {
        throw ConfigException.invalid(
            "headers",
            "header names the HTTP client may send (not "
                + String.join(", ", new TreeSet<>(RESTRICTED_HEADERS))
                + ")",
            h.getKey());
      }
      String value = h.getValue();
      if (value == null || value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
        // The value may be a credential: say what is wrong with it, never what it is.
        throw new ConfigException(
            "headers."
                + h.getKey()
                + ": expected a one-line header value, found "
                + (value == null ? "nothing" : "a line break"));
      }
    }
  }

  /** A component probed with every default but its name and URL. */
  public static ComponentConfig of(String name, String url) {
    return new ComponentConfig(name, url, null, null, null, null);
  }

  /** The URL as a {@link URI}; valid by construction. */
  public URI uri() {
    return URI.create(url);
  }

  /** Whether a response with this HTTP status counts as success. */
  public boolean expects(int status) {
    String code = Integer.toString(status);
    String klass = code.charAt(0) + "xx";
    return expectStatus.contains(code) || expectStatus.contains(klass);
  }

  /** Header values may be credentials: shown by name only. */
  @Override
  public String toString() {
    return "ComponentConfig[name="
        + name
        + ", url="
        + url
        + ", interval="
        + interval
        + ", timeout="
        + timeout
        + ", expectStatus="
        + expectStatus
        + ", headers="
        + headers.keySet()
        + "]";
  }

  private static boolean isHttpUrl(String url) {
    if (url == null) {
      return false;
    }
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      return scheme != null
          && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          && uri.getHost() != null
          && uri.getRawFragment() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static Map<String, String> sortedCopy(Map<String, String> headers) {
    // Map.copyOf refuses null values; keep them here so the check above names the header.
    return Collections.unmodifiableMap(new TreeMap<>(headers));
  }
}
