package dev.dropscope.etl.prometheus;

import dev.dropscope.etl.config.PrometheusConfig;
import dev.dropscope.etl.run.SourceRejectedException;
import dev.dropscope.etl.run.SourceUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocketFactory;

/**
 * The Prometheus HTTP API as the ETL uses it: form-encoded POSTs (long selectors fit) with the
 * configured credentials and trust, answers streamed to a reader. The same API is served by Thanos
 * Query, Mimir (under {@code /prometheus}) and VictoriaMetrics, so nothing here is Prometheus-only.
 *
 * <p>Failures are sorted for the caller: unreachable, timing out, 5xx or an answer broken off is
 * {@link SourceUnavailableException} (worth a retry); a refused query, credentials or path is
 * {@link SourceRejectedException} (not), as is a TLS handshake that fails; a query over the
 * server's sample limit is {@link TooManySamplesException}, which the window loop answers by
 * halving the window.
 */
final class PrometheusClient {
  private static final int ERROR_BODY_LIMIT = 64 * 1024;

  /**
   * Thanos answers with an error, not with what the stores it reached hold, when some are down;
   * Prometheus, Mimir and VictoriaMetrics ignore the parameter.
   */
  private static final Map.Entry<String, String> NO_PARTIAL_RESPONSE =
      Map.entry("partial_response", "false");

  private final PrometheusConfig config;
  private final String base;
  private final SSLSocketFactory tls; // null: the JDK's default trust
  private final Credentials credentials;

  /** Reads an answer body; runs while the connection is open. */
  @FunctionalInterface
  interface BodyReader<T> {
    T read(InputStream body) throws IOException, ApiErrorException;
  }

  PrometheusClient(PrometheusConfig config) {
    this.config = config;
    String url = config.url().toString();
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.tls = config.caFile() != null ? TrustedCertificates.socketFactory(config.caFile()) : null;
    this.credentials = Credentials.of(config);
  }

  /** Where requests go, for messages: the configured base URL without credentials. */
  String where() {
    return base;
  }

  /** An instant query at {@code timeMillis}; the answer streams through {@code handler}. */
  ResultParser.Summary query(String promql, long timeMillis, ResultParser.Handler handler)
      throws SourceUnavailableException, TooManySamplesException {
    return post(
        "/api/v1/query",
        List.of(
            Map.entry("query", promql),
            Map.entry("time", PromValues.seconds(timeMillis)),
            NO_PARTIAL_RESPONSE),
        promql,
        body -> ResultParser.parse(body, handler));
  }

  /** A range query: {@code promql} evaluated at start, start + step, ... up to end. */
  ResultParser.Summary queryRange(
      String promql,
      long startMillis,
      long endMillis,
      long stepMillis,
      ResultParser.Handler handler)
      throws SourceUnavailableException, TooManySamplesException {
    return post(
        "/api/v1/query_range",
        List.of(
            Map.entry("query", promql),
            Map.entry("start", PromValues.seconds(startMillis)),
            Map.entry("end", PromValues.seconds(endMillis)),
            Map.entry("step", PromValues.seconds(stepMillis)),
            NO_PARTIAL_RESPONSE),
        promql,
        body -> ResultParser.parse(body, handler));
  }

  /** The series that match {@code selector} and have data between start and end. */
  int series(String selector, long startMillis, long endMillis, ResultParser.Handler handler)
      throws SourceUnavailableException, TooManySamplesException {
    return post(
        "/api/v1/series",
        List.of(
            Map.entry("match[]", selector),
            Map.entry("start", PromValues.seconds(startMillis)),
            Map.entry("end", PromValues.seconds(endMillis))),
        selector,
        body -> ResultParser.parse(body, handler).series());
  }

  /** Metric name to type ({@code counter}, {@code gauge}, ...) from {@code /api/v1/metadata}. */
  Map<String, String> metadata() throws SourceUnavailableException, TooManySamplesException {
    return get("/api/v1/metadata", "metadata", MetricKinds::readMetadata);
  }

  private <T> T get(String path, String what, BodyReader<T> reader)
      throws SourceUnavailableException, TooManySamplesException {
    return send(path, null, what, reader);
  }

  private <T> T post(
      String path, List<Map.Entry<String, String>> params, String what, BodyReader<T> reader)
      throws SourceUnavailableException, TooManySamplesException {
    return send(path, form(params), what, reader);
  }

  /** GETs {@code path}, or POSTs {@code form} to it. */
  private <T> T send(String path, byte[] form, String what, BodyReader<T> reader)
      throws SourceUnavailableException, TooManySamplesException {
    String target = base + path;
    HttpURLConnection http = null;
    try {
      http = open(target, form);
      int status = http.getResponseCode();
      if (status != 200) {
        fail(status, errorBody(http), what, path);
      }
      try (InputStream body = decoded(http, http.getInputStream())) {
        T result = reader.read(body);
        body.transferTo(OutputStream.nullOutputStream()); // the rest, so the connection is reused
        return result;
      }
    } catch (ApiErrorException e) { // "status":"error" in a 200 answer: treat as its error type
      fail(400, new ApiError(e.errorType(), e.getMessage()), what, path);
      throw new AssertionError("unreachable");
    } catch (RuntimeException e) { // the reader's own failure: drop the half-read answer
      if (http != null) {
        http.disconnect();
      }
      throw e;
    } catch (SSLHandshakeException e) { // a certificate will not fix itself: no retry
      throw new SourceRejectedException(
          "TLS with Prometheus at "
              + base
              + " failed: "
              + e.getMessage()
              + "; set prometheus.ca_file to the CA certificate that signed the server's",
          e);
    } catch (IOException e) {
      if (http != null) {
        http.disconnect();
      }
      throw new SourceUnavailableException(
          "Prometheus at " + base + " is unavailable (" + path + "): " + describe(e), e);
    }
  }

  private HttpURLConnection open(String target, byte[] form) throws IOException {
    HttpURLConnection http = (HttpURLConnection) URI.create(target).toURL().openConnection();
    if (tls != null && http instanceof HttpsURLConnection https) {
      https.setSSLSocketFactory(tls);
    }
    int timeout = (int) Math.min(Integer.MAX_VALUE, config.timeout().toMillis());
    http.setConnectTimeout(timeout);
    http.setReadTimeout(timeout); // the longest silence mid-answer, too
    http.setUseCaches(false);
    http.setRequestProperty("Accept", "application/json");
    // no Accept-Encoding: gzip: on a LAN, compressing costs Prometheus more than the bytes cost
    http.setRequestProperty("User-Agent", "dropscope-etl");
    config.headers().forEach(http::setRequestProperty);
    String authorization = credentials.header();
    if (authorization != null) {
      http.setRequestProperty("Authorization", authorization);
    }
    if (form == null) {
      return http;
    }
    http.setRequestMethod("POST");
    http.setDoOutput(true);
    http.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
    http.setFixedLengthStreamingMode(form.length);
    try (OutputStream out = http.getOutputStream()) {
      out.write(form);
    }
    return http;
  }

  private static byte[] form(List<Map.Entry<String, String>> params) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, String> p : params) {
      parts.add(
          URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8)
              + "="
              + URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
    }
    return String.join("&", parts).getBytes(StandardCharsets.UTF_8);
  }

  private static InputStream decoded(HttpURLConnection http, InputStream raw) throws IOException {
    return "gzip".equalsIgnoreCase(http.getContentEncoding())
        ? new GZIPInputStream(raw, 64 * 1024)
        : raw;
  }

  /** The {@code errorType} and {@code error} of an error answer, or its first bytes. */
  record ApiError(String type, String message) {}

  private static ApiError errorBody(HttpURLConnection http) {
    InputStream err = http.getErrorStream();
    if (err == null) {
      return new ApiError(null, "");
    }
    try (InputStream in = decoded(http, err)) {
      byte[] bytes = in.readNBytes(ERROR_BODY_LIMIT);
      return ResultParser.error(bytes);
    } catch (IOException e) {
      return new ApiError(null, "(the error answer could not be read: " + e.getMessage() + ")");
    }
  }

  /** Throws what an error answer means for the caller; never returns. */
  private void fail(int status, ApiError error, String what, String path)
      throws SourceUnavailableException, TooManySamplesException {
    String detail =
        "HTTP "
            + status
            + (error.type() != null ? " " + error.type() : "")
            + (error.message().isBlank() ? "" : ": " + error.message());
    if (status >= 500 || status == 429 || status == 408) {
      throw new SourceUnavailableException(
          "Prometheus at " + base + " could not answer " + path + " (" + detail + ")");
    }
    if (status == 401 || status == 403) {
      throw new SourceRejectedException(
          "Prometheus at "
              + base
              + " refused the credentials ("
              + detail
              + "); check prometheus.username and password_file, or bearer_token_file");
    }
    if (status == 404 || status == 405) {
      throw new SourceRejectedException(
          "Prometheus at "
              + base
              + " has no "
              + path
              + " ("
              + detail
              + "); prometheus.url must be the API's base URL, e.g. http://prometheus:9090,"
              + " http://thanos-query:10902, http://mimir:8080/prometheus or"
              + " http://victoriametrics:8428");
    }
    if (error.message().contains("too many samples")
        || error.message().contains("maxSamplesPerQuery")) {
      throw new TooManySamplesException(
          "Prometheus at " + base + " refused " + what + " (" + detail + ")");
    }
    throw new SourceRejectedException(
        "Prometheus at "
            + base
            + " rejected "
            + what
            + " ("
            + detail
            + "); check prometheus.selectors");
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m != null ? ": " + m : "");
  }
}
