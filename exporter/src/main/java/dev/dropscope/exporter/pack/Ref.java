package dev.dropscope.exporter.pack;

/**
 * Where a value in an update comes from: {@code $field}, {@code $item.field} and {@code $key} /
 * {@code $value} inside {@code for_each}, {@code $ts} (the event time in epoch seconds), or a
 * constant.
 */
public sealed interface Ref {

  /** A top-level field of the event. */
  record FieldRef(String field) implements Ref {}

  /** A field of the current list item in a {@code for_each} over a list. */
  record ItemRef(String field) implements Ref {}

  /** The current key in a {@code for_each} over a map. */
  record KeyRef() implements Ref {}

  /** The current value in a {@code for_each} over a map. */
  record ValueRef() implements Ref {}

  /** The event's timestamp, seconds since the epoch. */
  record TsRef() implements Ref {}

  /** A constant written in the pack. */
  record Const(String text) implements Ref {}

  /** Parses the pack syntax. */
  static Ref parse(String text) {
    if (!text.startsWith("$")) {
      return new Const(text);
    }
    String name = text.substring(1);
    return switch (name) {
      case "key" -> new KeyRef();
      case "value" -> new ValueRef();
      case "ts" -> new TsRef();
      default -> name.startsWith("item.") ? new ItemRef(name.substring(5)) : new FieldRef(name);
    };
  }
}
