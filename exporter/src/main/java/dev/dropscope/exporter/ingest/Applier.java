package dev.dropscope.exporter.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dropscope.exporter.pack.Pack;
import dev.dropscope.exporter.pack.Ref;
import java.util.List;
import java.util.Map;

/**
 * Turns a validated event into metric updates, as its pack's {@code updates} say. An update whose
 * value field is absent (an optional field the client left out) is skipped; an absent label field
 * gives an empty label, which Prometheus treats as no label.
 */
final class Applier {
  private final PackMetrics metrics;
  private final Components components;

  Applier(PackMetrics metrics, Components components) {
    this.metrics = metrics;
    this.components = components;
  }

  void apply(IngestedEvent event) {
    for (Pack.Update u : event.type().updates()) {
      if (!matches(u.when(), event.data())) {
        continue;
      }
      if (u.forEach() == null) {
        update(u, event, null, null, null);
        continue;
      }
      JsonNode iterated = event.data().get(((Ref.FieldRef) u.forEach()).field());
      if (iterated == null || iterated.isNull()) {
        continue;
      }
      if (iterated.isObject()) {
        for (var entry : iterated.properties()) {
          update(u, event, entry.getKey(), entry.getValue(), null);
        }
      } else {
        for (JsonNode item : iterated) {
          update(u, event, null, null, item);
        }
      }
    }
    Pack.Heartbeat hb = event.type().heartbeat();
    if (hb != null) {
      String component = event.data().path(((Ref.FieldRef) hb.component()).field()).asText();
      String status =
          hb.status() != null
              ? event.data().path(((Ref.FieldRef) hb.status()).field()).asText("up")
              : "up";
      components.heartbeat(component, status, event.ts());
    }
  }

  private static boolean matches(Map<String, String> when, JsonNode data) {
    for (var w : when.entrySet()) {
      JsonNode v = data.get(w.getKey());
      if (v == null || !v.asText().equals(w.getValue())) {
        return false;
      }
    }
    return true;
  }

  private void update(Pack.Update u, IngestedEvent e, String key, JsonNode value, JsonNode item) {
    double amount = number(u, e, key, value, item);
    if (Double.isNaN(amount)) {
      return;
    }
    List<Ref> refs = u.labels();
    String[] labels = new String[refs.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = label(refs.get(i), e, key, item);
    }
    switch (u.op()) {
      case INC, ADD -> metrics.add(u.metric(), labels, amount);
      case SET -> metrics.set(u.metric(), labels, amount);
      case OBSERVE -> metrics.observe(u.metric(), labels, amount);
    }
  }

  /** The update's amount, or NaN when its source is absent. */
  private static double number(
      Pack.Update u, IngestedEvent e, String key, JsonNode value, JsonNode item) {
    return switch (u.value()) {
      case Ref.Const c -> Double.parseDouble(c.text());
      case Ref.TsRef t -> e.ts().getEpochSecond() + e.ts().getNano() / 1e9;
      case Ref.FieldRef f -> numeric(e.data().get(f.field()), u);
      case Ref.ItemRef r -> numeric(item != null ? item.get(r.field()) : null, u);
      case Ref.ValueRef v -> numeric(value, u);
      case Ref.KeyRef k -> Double.NaN; // rejected by the pack loader
    };
  }

  private static double numeric(JsonNode node, Pack.Update u) {
    if (node == null || node.isNull()) {
      return Double.NaN;
    }
    if (node.isBoolean()) {
      return node.asBoolean() ? 1 : 0;
    }
    if (node.isTextual()) {
      Double mapped = u.valueMap().get(node.asText());
      return mapped != null ? mapped : Double.NaN;
    }
    return node.asDouble();
  }

  private static String label(Ref ref, IngestedEvent e, String key, JsonNode item) {
    return switch (ref) {
      case Ref.Const c -> c.text();
      case Ref.KeyRef k -> key;
      case Ref.FieldRef f -> text(e.data().get(f.field()));
      case Ref.ItemRef r -> text(item != null ? item.get(r.field()) : null);
      case Ref.ValueRef v -> ""; // rejected by the pack loader
      case Ref.TsRef t -> ""; // rejected by the pack loader
    };
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? "" : node.asText();
  }
}
