package dev.dropscope.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Prometheus {@code /api/v1/query} answer: its result type, its samples and the raw body for
 * failure messages. A vector gives one sample per series, a matrix one per stored point, a scalar
 * one sample without labels.
 */
public record QueryResult(String resultType, List<Sample> samples, String body) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One value: the series labels, the timestamp in seconds and the value. */
  public record Sample(Map<String, String> labels, double timestamp, double value) {
    /** The label's value, or {@code null} when the series has no such label. */
    public String label(String name) {
      return labels.get(name);
    }
  }

  public boolean isEmpty() {
    return samples.isEmpty();
  }

  public List<Double> values() {
    return samples.stream().map(Sample::value).toList();
  }

  /** The only sample; fails, showing the body, when there are none or several. */
  public Sample single() {
    if (samples.size() != 1) {
      throw new AssertionError("expected exactly one sample, got " + samples.size() + ": " + body);
    }
    return samples.getFirst();
  }

  /** Parses a successful answer; fails, showing the body, on anything else. */
  static QueryResult parse(String body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new AssertionError("Prometheus answered with something other than JSON: " + body, e);
    }
    if (!"success".equals(root.path("status").asText())) {
      throw new AssertionError("Prometheus query failed: " + body);
    }
    JsonNode data = root.path("data");
    String type = data.path("resultType").asText();
    JsonNode result = data.path("result");
    List<Sample> samples = new ArrayList<>();
    switch (type) {
      case "vector" -> result.forEach(s -> samples.add(sample(labels(s), s.path("value"))));
      case "matrix" ->
          result.forEach(s -> s.path("values").forEach(p -> samples.add(sample(labels(s), p))));
      case "scalar", "string" -> samples.add(sample(Map.of(), result));
      default -> throw new AssertionError("unknown resultType '" + type + "': " + body);
    }
    return new QueryResult(type, List.copyOf(samples), body);
  }

  private static Map<String, String> labels(JsonNode series) {
    Map<String, String> labels = new LinkedHashMap<>();
    series.path("metric").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
    return Map.copyOf(labels);
  }

  private static Sample sample(Map<String, String> labels, JsonNode point) {
    return new Sample(labels, point.path(0).asDouble(), number(point.path(1).asText()));
  }

  private static double number(String text) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> {
        try {
          yield Double.parseDouble(text);
        } catch (NumberFormatException e) {
          yield Double.NaN;
        }
      }
    };
  }
}
