package dev.dropscope.etl.prometheus;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code kind} of a series in {@code dropscope.series}: the metric family's type from {@code
 * /api/v1/metadata} when the server knows it, else a guess from the name: {@code _bucket} is a
 * histogram's, {@code _total}, {@code _count} and {@code _sum} a counter's. Counters, and the
 * {@code _bucket}/{@code _count}/{@code _sum} series of histograms and summaries, get a reset-aware
 * {@code increase} in the rollups.
 */
final class MetricKinds {
  private static final List<String> SUFFIXES = List.of("_bucket", "_count", "_sum", "_total");

  private final Map<String, String> metadata; // metric or family name -> type

  MetricKinds(Map<String, String> metadata) {
    this.metadata = Map.copyOf(metadata);
  }

  static MetricKinds none() {
    return new MetricKinds(Map.of());
  }

  String kind(String metric) {
    String direct = known(metadata.get(metric));
    if (direct != null) {
      return direct;
    }
    for (String suffix : SUFFIXES) {
      if (metric.endsWith(suffix)) {
        String family = known(metadata.get(metric.substring(0, metric.length() - suffix.length())));
        if (family != null && !family.equals("gauge")) { // a gauge "foo" says nothing of foo_sum
          return family;
        }
      }
    }
    if (metric.endsWith("_bucket")) {
      return "histogram";
    }
    if (metric.endsWith("_total") || metric.endsWith("_count") || metric.endsWith("_sum")) {
      return "counter";
    }
    return "unknown";
  }

  private static String known(String type) {
    if (type == null) {
      return null;
    }
    return switch (type) {
      case "counter", "gauge", "histogram", "summary" -> type;
      case "gaugehistogram" -> "gauge";
      default -> null; // "unknown", "info", "stateset": say nothing
    };
  }

  /**
   * {@code /api/v1/metadata}'s answer, {@code {"data":{"up":[{"type":"gauge",...}],...}}}, to
   * metric name and type (the first entry where a name has several).
   */
  static Map<String, String> readMetadata(InputStream body) throws IOException {
    Map<String, String> types = new HashMap<>();
    try (JsonParser p = ResultParser.JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("expected a JSON object from /api/v1/metadata");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        if (!field.equals("data") || t != JsonToken.START_OBJECT) {
          p.skipChildren();
          continue;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String metric = p.currentName();
          if (p.nextToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            continue;
          }
          while (p.nextToken() == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String key = p.currentName();
              p.nextToken();
              if (key.equals("type")) {
                types.putIfAbsent(metric, p.getValueAsString());
              } else {
                p.skipChildren();
              }
            }
          }
        }
      }
    }
    return types;
  }
}
