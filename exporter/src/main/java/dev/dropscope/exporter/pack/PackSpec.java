package dev.dropscope.exporter.pack;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A pack as written in YAML: the metrics of one domain and the events that update them. Bound
 * loosely here; {@link PackLoader} checks every rule and compiles it into a {@link Pack}.
 */
public record PackSpec(
    String pack,
    String description,
    Duration ttl,
    List<MetricSpec> metrics,
    List<EventSpec> events) {

  public PackSpec {
    metrics = metrics != null ? List.copyOf(metrics) : List.of();
    events = events != null ? List.copyOf(events) : List.of();
  }

  /** One metric family. */
  public record MetricSpec(
      String name,
      String type,
      String help,
      String unit,
      List<String> labels,
      List<Double> buckets,
      Duration ttl,
      @JsonProperty("max_series") Integer maxSeries,
      @JsonProperty("on_silence") Double onSilence) {

    public MetricSpec {
      labels = labels != null ? List.copyOf(labels) : List.of();
      buckets = buckets != null ? List.copyOf(buckets) : null;
    }
  }

  /** One event type, {@code <pack>.<event>}. */
  public record EventSpec(
      String event,
      String description,
      Boolean journaled,
      Map<String, String> heartbeat,
      Map<String, FieldSpec> fields,
      List<UpdateSpec> updates) {

    public EventSpec {
      journaled = journaled != null && journaled;
      fields = fields != null ? fields : Map.of();
      updates = updates != null ? List.copyOf(updates) : List.of();
    }
  }

  /** A field of an event: its type and constraints. */
  public record FieldSpec(
      String type,
      Boolean required,
      @JsonProperty("enum") List<String> enumValues,
      Double min,
      Double max,
      @JsonProperty("max_length") Integer maxLength,
      @JsonProperty("max_items") Integer maxItems,
      @JsonProperty("default") Object defaultValue,
      @JsonProperty("values") FieldSpec mapValues,
      Map<String, FieldSpec> items,
      String description) {

    public FieldSpec {
      required = required != null && required;
    }
  }

  /** What an event does to one metric. Exactly one of inc, add, set and observe is given. */
  public record UpdateSpec(
      String metric,
      Double inc,
      String add,
      Object set,
      String observe,
      Map<String, String> labels,
      Map<String, String> when,
      @JsonProperty("for_each") String forEach,
      Map<String, Double> map) {

    public UpdateSpec {
      labels = labels != null ? labels : Map.of();
      when = when != null ? when : Map.of();
    }
  }
}
