package dev.dropscope.exporter.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dropscope.exporter.pack.Pack;
import dev.dropscope.exporter.pack.Packs;
import dev.dropscope.exporter.pack.Ref;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a validated event into metric updates, as its pack's {@code updates} say. An update whose
 * value field is absent (an optional field the client left out) is skipped; an absent label field
 * gives an empty label, which Prometheus treats as no label.
 *
 * <p>Each event type's updates are laid out once, as arrays, so applying an event walks no
 * collections (iterators cost an allocation each on the exporter's C1-only JIT).
 */
final class Applier {
  private final PackMetrics metrics;
  private final Components components;
  private final Map<Pack.EventType, Plan> plans = new IdentityHashMap<>();

  Applier(Packs packs, PackMetrics metrics, Components components) {
    this.metrics = metrics;
    this.components = components;
    for (Pack.EventType type : packs.events()) {
      plans.put(type, Plan.of(type));
    }
  }

  /** One event type's updates and heartbeat, ready to apply. */
  private record Plan(Step[] steps, String heartbeatComponent, String heartbeatStatus) {
    static Plan of(Pack.EventType type) {
      List<Pack.Update> updates = type.updates();
      Step[] steps = new Step[updates.size()];
      for (int i = 0; i < steps.length; i++) {
        steps[i] = Step.of(updates.get(i));
      }
      Pack.Heartbeat hb = type.heartbeat();
      return new Plan(
          steps,
          hb != null ? ((Ref.FieldRef) hb.component()).field() : null,
          hb != null && hb.status() != null ? ((Ref.FieldRef) hb.status()).field() : null);
    }
  }

  /**
   * One update: its labels as an array, its {@code when} as parallel arrays, the field it iterates
   * (or null) and its constant amount parsed once (NaN when it is not a constant).
   */
  private record Step(
      Pack.Update update,
      Ref[] labels,
      String[] whenFields,
      String[] whenValues,
      String forEach,
      boolean constant,
      double amount) {
    static Step of(Pack.Update u) {
      String[] whenFields = new String[u.when().size()];
      String[] whenValues = new String[whenFields.length];
      int i = 0;
      for (var w : u.when().entrySet()) {
        whenFields[i] = w.getKey();
        whenValues[i++] = w.getValue();
      }
      double amount = Double.NaN;
      boolean constant = false;
      if (u.value() instanceof Ref.Const c) {
        try {
          amount = Double.parseDouble(c.text());
          constant = true;
        } catch (NumberFormatException e) {
          // parsed (and refused) per event, as before
        }
      }
      return new Step(
          u,
          u.labels().toArray(Ref[]::new),
          whenFields,
          whenValues,
          u.forEach() != null ? ((Ref.FieldRef) u.forEach()).field() : null,
          constant,
          amount);
    }
  }

  /** Applies the events in order. */
  void apply(List<IngestedEvent> events) {
    PackMetrics.Probe probe = new PackMetrics.Probe();
    for (IngestedEvent e : events) {
      apply(e, probe);
    }
  }

  private void apply(IngestedEvent event, PackMetrics.Probe probe) {
    Plan plan = plans.get(event.type());
    if (plan == null) {
      plan = Plan.of(event.type()); // a type from another Packs: laid out per event
    }
    for (Step s : plan.steps()) {
      if (!matches(s, event.data())) {
        continue;
      }
      if (s.forEach() == null) {
        update(s, event, null, null, null, probe);
        continue;
      }
      JsonNode iterated = event.data().get(s.forEach());
      if (iterated == null || iterated.isNull()) {
        continue;
      }
      if (iterated.isObject()) {
        for (var entry : iterated.properties()) {
          update(s, event, entry.getKey(), entry.getValue(), null, probe);
        }
      } else {
        for (int i = 0; i < iterated.size(); i++) {
          update(s, event, null, null, iterated.get(i), probe);
        }
      }
    }
    if (plan.heartbeatComponent() != null) {
      String component = event.data().path(plan.heartbeatComponent()).asText();
      String status =
          plan.heartbeatStatus() != null
              ? event.data().path(plan.heartbeatStatus()).asText("up")
              : "up";
      components.heartbeat(component, status, event.ts());
    }
  }

  private static boolean matches(Step s, JsonNode data) {
    for (int i = 0; i < s.whenFields().length; i++) {
      JsonNode v = data.get(s.whenFields()[i]);
      if (v == null || !v.asText().equals(s.whenValues()[i])) {
        return false;
      }
    }
    return true;
  }

  private void update(
      Step s, IngestedEvent e, String key, JsonNode value, JsonNode item, PackMetrics.Probe probe) {
    double amount = s.constant() ? s.amount() : number(s.update(), e, value, item);
    if (Double.isNaN(amount)) {
      return;
    }
    Ref[] refs = s.labels();
    String[] labels = probe.labels(refs.length);
    for (int i = 0; i < labels.length; i++) {
      labels[i] = label(refs[i], e, key, item);
    }
    Pack.Update u = s.update();
    switch (u.op()) {
      case INC, ADD -> metrics.add(u.metric(), labels, amount, probe);
      case SET -> metrics.set(u.metric(), labels, amount, probe);
      case OBSERVE -> metrics.observe(u.metric(), labels, amount, probe);
    }
  }

  /** The update's amount, or NaN when its source is absent. */
  private static double number(Pack.Update u, IngestedEvent e, JsonNode value, JsonNode item) {
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
