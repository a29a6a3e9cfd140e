package dev.dropscope.exporter.docs;

import static dev.dropscope.exporter.docs.Markdown.code;
import static dev.dropscope.exporter.docs.Markdown.num;

import dev.dropscope.exporter.pack.Pack.EventType;
import dev.dropscope.exporter.pack.Pack.Field;
import dev.dropscope.exporter.pack.Pack.FieldType;
import dev.dropscope.exporter.pack.Pack.Update;
import dev.dropscope.exporter.pack.Ref;
import java.util.ArrayList;
import java.util.List;

/**
 * Says in a few words what an event's update does to its metric, e.g. {@code += `value_usd` when
 * `status` = `success`} or {@code for each entry of `exposure_usd`: = its value, label `protocol` =
 * its key}.
 */
final class Updates {
  private Updates() {}

  static String describe(EventType event, Update u) {
    Field iterated = u.forEach() instanceof Ref.FieldRef f ? event.fields().get(f.field()) : null;
    StringBuilder s = new StringBuilder();
    if (iterated != null) {
      s.append(iterated.type() == FieldType.MAP ? "for each entry of " : "for each item of ")
          .append(code(iterated.name()))
          .append(": ");
    }
    s.append(
        switch (u.op()) {
          case INC -> "+" + source(u.value());
          case ADD -> "+= " + source(u.value());
          case OBSERVE -> "observe " + source(u.value());
          case SET -> "= " + source(u.value()) + conversion(u, field(event, iterated, u.value()));
        });
    List<String> labels = labels(u);
    if (!labels.isEmpty()) {
      s.append(labels.size() == 1 ? ", label " : ", labels ").append(String.join(", ", labels));
    }
    if (!u.when().isEmpty()) {
      List<String> conditions = new ArrayList<>();
      u.when().forEach((field, value) -> conditions.add(code(field) + " = " + code(value)));
      s.append(" when ").append(String.join(" and ", conditions));
    }
    return s.toString();
  }

  private static String source(Ref ref) {
    return switch (ref) {
      case Ref.Const c -> num(Double.parseDouble(c.text()));
      case Ref.FieldRef f -> code(f.field());
      case Ref.ItemRef i -> "the item's " + code(i.field());
      case Ref.ValueRef v -> "its value";
      case Ref.KeyRef k -> "its key";
      case Ref.TsRef t -> "the event's " + code("ts") + " in epoch seconds";
    };
  }

  /** How a value that is not a number becomes one. */
  private static String conversion(Update u, Field field) {
    if (!u.valueMap().isEmpty()) {
      List<String> pairs = new ArrayList<>();
      u.valueMap().forEach((text, n) -> pairs.add(code(text) + " → " + num(n)));
      return " (" + String.join(", ", pairs) + ")";
    }
    if (field != null && field.type() == FieldType.BOOLEAN) {
      return " (true → 1, false → 0)";
    }
    return "";
  }

  private static Field field(EventType event, Field iterated, Ref ref) {
    return switch (ref) {
      case Ref.FieldRef f -> event.fields().get(f.field());
      case Ref.ItemRef i -> iterated.items().get(i.field());
      case Ref.ValueRef v -> iterated.mapValues();
      default -> null;
    };
  }

  /** Labels not simply taken from the event field of the same name. */
  private static List<String> labels(Update u) {
    List<String> out = new ArrayList<>();
    List<String> names = u.metric().labels();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      Ref ref = u.labels().get(i);
      if (ref instanceof Ref.FieldRef f && f.field().equals(name)) {
        continue;
      }
      out.add(
          ref instanceof Ref.Const c
              ? code(name + "=\"" + c.text() + "\"")
              : code(name) + " = " + source(ref));
    }
    return out;
  }
}
