package dev.dropscope.exporter.pack;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A checked, compiled pack: metric definitions and the event types that update them. Lists and maps
 * keep the order the pack declares them in.
 *
 * @param name the pack's name, also the prefix of its metrics and event types
 * @param source where it was loaded from, for messages ({@code builtin:airdrops} or a file path)
 */
public record Pack(
    String name, String description, String source, List<Metric> metrics, List<EventType> events) {

  /** The kinds of metric a pack can declare. */
  public enum Kind {
    COUNTER,
    GAUGE,
    HISTOGRAM
  }

  /**
   * A metric family. {@code name} is the exposed name (counters end in {@code _total}).
   *
   * @param ttl a series not updated for this long leaves /metrics; null keeps it forever
   * @param onSilence value a series reports once it has not been updated for the exporter's silence
   *     period (e.g. {@code component_up} falls to 0); null when the metric has none
   */
  public record Metric(
      String name,
      Kind kind,
      String help,
      String unit,
      List<String> labels,
      List<Double> buckets,
      Duration ttl,
      int maxSeries,
      Double onSilence) {}

  /** The type of an event field. */
  public enum FieldType {
    STRING,
    NUMBER,
    INTEGER,
    BOOLEAN,
    MAP,
    LIST
  }

  /**
   * A field of an event and its constraints.
   *
   * @param enumValues allowed values of a string field; empty allows any
   * @param mapValues for a map: the spec of its values (keys are strings)
   * @param items for a list: the fields of each item (an object)
   */
  public record Field(
      String name,
      FieldType type,
      boolean required,
      List<String> enumValues,
      Double min,
      Double max,
      int maxLength,
      int maxItems,
      Object defaultValue,
      Field mapValues,
      Map<String, Field> items,
      String description) {}

  /**
   * An event type.
   *
   * @param type {@code <pack>.<event>}
   * @param heartbeat for heartbeat events: where the component name and status are; else null
   */
  public record EventType(
      String type,
      String description,
      boolean journaled,
      Map<String, Field> fields,
      List<Update> updates,
      Heartbeat heartbeat) {}

  /** A heartbeat event names a component and optionally its status (up, degraded, down). */
  public record Heartbeat(Ref component, Ref status) {}

  /** How an update changes its metric. */
  public enum Op {
    INC,
    ADD,
    SET,
    OBSERVE
  }

  /**
   * What an event does to one metric.
   *
   * @param value where the amount comes from; for {@link Op#INC} a constant
   * @param labels label name to the reference that gives its value, in the metric's label order
   * @param when field name to the value it must have for the update to apply
   * @param forEach a map or list field to iterate over, or null
   * @param valueMap turns a string value into a number (e.g. risk levels); empty when unused
   */
  public record Update(
      Metric metric,
      Op op,
      Ref value,
      List<Ref> labels,
      Map<String, String> when,
      Ref forEach,
      Map<String, Double> valueMap) {}
}
