package dev.dropscope.etl.prometheus;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads a Prometheus HTTP API query answer ({@code /api/v1/query}, {@code /api/v1/query_range})
 * token by token and hands each series and each of its samples to a {@link Handler} as they arrive:
 * memory stays bounded by one series' labels, whatever the size of the answer.
 *
 * <pre>{@code
 * {"status":"success","data":{"resultType":"matrix","result":[
 *   {"metric":{"__name__":"up","job":"node"},"values":[[1767225600.123,"1"],[1767225615.123,"1"]]}]}}
 * }</pre>
 *
 * A vector's {@code "value"} is read as a series with one sample; a {@code /api/v1/series} answer
 * as series without samples. Native histogram points ({@code "histograms"}) are skipped and
 * counted. The series' {@code "metric"} object must come before its points, as Prometheus, Thanos,
 * Mimir and VictoriaMetrics all write it.
 */
final class ResultParser {
  /** The caller owns the stream: it drains and closes it so the connection can be reused. */
  static final JsonFactory JSON =
      JsonFactory.builder().disable(StreamReadFeature.AUTO_CLOSE_SOURCE).build();

  /** Receives the answer's series and samples in order; both do nothing unless overridden. */
  interface Handler {
    /**
     * A series starts.
     *
     * @param metric its {@code __name__}, or {@code null} when a function dropped it
     * @param labels the other labels, sorted by name
     */
    default void series(String metric, SortedMap<String, String> labels) throws IOException {}

    /** A sample of the current series: milliseconds since the epoch, exactly, and its value. */
    default void sample(long timestampMillis, double value) throws IOException {}
  }

  /** What the answer said besides its samples. */
  record Summary(
      String resultType,
      int series,
      long samples,
      long histograms,
      List<String> warnings,
      boolean partial) {}

  private ResultParser() {}

  /** The {@code errorType} and {@code error} of an error answer's body, or its first bytes. */
  static PrometheusClient.ApiError error(byte[] body) {
    try (JsonParser p = JSON.createParser(body)) {
      new Reading(p, IGNORE).answer();
      return new PrometheusClient.ApiError(null, "");
    } catch (ApiErrorException e) {
      return new PrometheusClient.ApiError(e.errorType(), e.getMessage());
    } catch (IOException e) { // not the API's JSON: a proxy's page, say
      String text = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
      return new PrometheusClient.ApiError(null, text.strip().replaceAll("\\s+", " "));
    }
  }

  /** Reads nothing: for answers whose series are only counted. */
  static final Handler IGNORE = new Handler() {};

  /**
   * Parses a whole answer.
   *
   * @throws ApiErrorException when the answer is {@code "status":"error"}
   * @throws IOException when the stream fails or is not such an answer
   */
  static Summary parse(InputStream in, Handler handler) throws IOException, ApiErrorException {
    try (JsonParser p = JSON.createParser(in)) {
      return new Reading(p, handler).answer();
    }
  }

  private static final class Reading {
    private final JsonParser p;
    private final Handler handler;
    private String status;
    private String errorType;
    private String error;
    private String resultType;
    private int series;
    private long samples;
    private long histograms;
    private final List<String> warnings = new ArrayList<>();
    private boolean partial;

    Reading(JsonParser p, Handler handler) {
      this.p = p;
      this.handler = handler;
    }

    Summary answer() throws IOException, ApiErrorException {
      expect(p.nextToken(), JsonToken.START_OBJECT, "the answer");
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        switch (field) {
          case "status" -> status = p.getValueAsString();
          case "errorType" -> errorType = p.getValueAsString();
          case "error" -> error = p.getValueAsString();
          case "data" -> data(t);
          case "warnings" -> strings(t, warnings);
          case "isPartial" -> partial = t == JsonToken.VALUE_TRUE; // VictoriaMetrics cluster
          default -> p.skipChildren();
        }
      }
      if (!"success".equals(status)) {
        throw new ApiErrorException(
            errorType != null ? errorType : "unknown",
            error != null ? error : "status " + status + " without an error message");
      }
      return new Summary(resultType, series, samples, histograms, List.copyOf(warnings), partial);
    }

    private void data(JsonToken t) throws IOException {
      if (t == JsonToken.START_ARRAY) { // /api/v1/series: one label set per series
        resultType = "series";
        while (p.nextToken() == JsonToken.START_OBJECT) {
          labels(JsonToken.START_OBJECT);
        }
        return;
      }
      if (t != JsonToken.START_OBJECT) {
        p.skipChildren();
        return;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken v = p.nextToken();
        switch (field) {
          case "resultType" -> resultType = p.getValueAsString();
          case "result" -> result(v);
          default -> p.skipChildren();
        }
      }
    }

    private void result(JsonToken t) throws IOException {
      if (t != JsonToken.START_ARRAY) {
        throw new IOException("expected data.result to be an array, found " + t);
      }
      if ("scalar".equals(resultType) || "string".equals(resultType)) {
        p.skipChildren();
        return;
      }
      while (p.nextToken() == JsonToken.START_OBJECT) {
        oneSeries();
      }
    }

    private void oneSeries() throws IOException {
      boolean started = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        switch (field) {
          case "metric" -> {
            labels(t);
            started = true;
          }
          case "values" -> {
            requireStarted(started);
            expect(t, JsonToken.START_ARRAY, "values");
            while (p.nextToken() == JsonToken.START_ARRAY) {
              point();
            }
          }
          case "value" -> {
            requireStarted(started);
            expect(t, JsonToken.START_ARRAY, "value");
            point();
          }
          case "histograms" -> {
            if (t == JsonToken.START_ARRAY) {
              while (p.nextToken() != JsonToken.END_ARRAY) {
                p.skipChildren();
                histograms++;
              }
            }
          }
          case "histogram" -> {
            p.skipChildren();
            histograms++;
          }
          default -> p.skipChildren();
        }
      }
    }

    private void requireStarted(boolean started) throws IOException {
      if (!started) {
        throw new IOException(
            "a series' points came before its \"metric\" labels; this reader needs the labels"
                + " first, as Prometheus, Thanos, Mimir and VictoriaMetrics write them");
      }
    }

    private void labels(JsonToken t) throws IOException {
      expect(t, JsonToken.START_OBJECT, "metric");
      String metric = null;
      SortedMap<String, String> labels = new TreeMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        String value = p.getValueAsString();
        if ("__name__".equals(name)) {
          metric = value;
        } else {
          labels.put(name, value);
        }
      }
      series++;
      handler.series(metric, labels);
    }

    /** {@code [1767225600.123,"1.5"]}, the opening bracket already read. */
    private void point() throws IOException {
      JsonToken t = p.nextToken();
      if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
        throw new IOException("expected a timestamp in seconds, found " + t);
      }
      long ts = PromValues.millis(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
      t = p.nextToken();
      if (t != JsonToken.VALUE_STRING) {
        throw new IOException("expected a sample value as a string, found " + t);
      }
      double value = PromValues.value(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
      expect(p.nextToken(), JsonToken.END_ARRAY, "the end of a sample");
      samples++;
      handler.sample(ts, value);
    }

    private void strings(JsonToken t, List<String> into) throws IOException {
      if (t != JsonToken.START_ARRAY) {
        p.skipChildren();
        return;
      }
      while (p.nextToken() != JsonToken.END_ARRAY) {
        into.add(p.getValueAsString());
      }
    }

    private void expect(JsonToken found, JsonToken expected, String what) throws IOException {
      if (found != expected) {
        throw new IOException("expected " + expected + " for " + what + ", found " + found);
      }
    }
  }
}
