package dev.dropscope.exporter.pack;

import dev.dropscope.exporter.config.ConfigException;
import dev.dropscope.exporter.config.StrictYaml;
import dev.dropscope.exporter.pack.Pack.EventType;
import dev.dropscope.exporter.pack.Pack.Field;
import dev.dropscope.exporter.pack.Pack.FieldType;
import dev.dropscope.exporter.pack.Pack.Heartbeat;
import dev.dropscope.exporter.pack.Pack.Kind;
import dev.dropscope.exporter.pack.Pack.Metric;
import dev.dropscope.exporter.pack.Pack.Op;
import dev.dropscope.exporter.pack.Pack.Update;
import dev.dropscope.exporter.pack.PackSpec.EventSpec;
import dev.dropscope.exporter.pack.PackSpec.FieldSpec;
import dev.dropscope.exporter.pack.PackSpec.MetricSpec;
import dev.dropscope.exporter.pack.PackSpec.UpdateSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a pack's YAML and checks every rule, failing on the first broken one with its path, what
 * was expected and what was found: {@code airdrops.yml: metrics[3].type: expected
 * counter|gauge|histogram, found 'countr'}.
 */
public final class PackLoader {
  /** Series a metric may have unless its pack says otherwise. */
  public static final int DEFAULT_MAX_SERIES = 1000;

  /** Longest string a field accepts unless its pack says otherwise. */
  public static final int DEFAULT_MAX_LENGTH = 256;

  /** Most items a list field accepts unless its pack says otherwise. */
  public static final int DEFAULT_MAX_ITEMS = 1000;

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Set<String> RESERVED_FIELDS = Set.of("type", "ts", "id");
  private static final Set<String> STATUSES = Set.of("up", "degraded", "down");

  private final StrictYaml yaml = new StrictYaml();

  /** Parses and checks one pack; {@code source} names it in messages. */
  public Pack parse(String source, String text) {
    try {
      PackSpec spec = yaml.read(text, PackSpec.class);
      if (spec == null) {
        throw new ConfigException(
            "document: expected a pack with keys pack, metrics and events, found nothing");
      }
      return new Compiler(spec).compile(source);
    } catch (ConfigException e) {
      throw new ConfigException(source + ": " + e.getMessage());
    }
  }

  private static ConfigException bad(String path, String expected, Object found) {
    return ConfigException.invalid(path, expected, found);
  }

  /** Compiles one pack spec; holds the pack's metrics while events refer to them. */
  private static final class Compiler {
    private final PackSpec spec;
    private final Map<String, Metric> metrics = new LinkedHashMap<>();

    Compiler(PackSpec spec) {
      this.spec = spec;
    }

    Pack compile(String source) {
      String name = spec.pack();
      if (name == null || !NAME.matcher(name).matches()) {
        throw bad("pack", "a lower-case name like airdrops ([a-z][a-z0-9_]*)", name);
      }
      for (int i = 0; i < spec.metrics().size(); i++) {
        Metric m = metric("metrics[" + i + "]", spec.metrics().get(i));
        if (metrics.putIfAbsent(m.name(), m) != null) {
          throw bad(
              "metrics[" + i + "].name", "a name not used by another metric of the pack", m.name());
        }
      }
      List<EventType> events = new ArrayList<>();
      Set<String> eventNames = new HashSet<>();
      for (int i = 0; i < spec.events().size(); i++) {
        EventType e = event("events[" + i + "]", spec.events().get(i));
        if (!eventNames.add(e.type())) {
          throw bad(
              "events[" + i + "].event",
              "a name not used by another event of the pack",
              spec.events().get(i).event());
        }
        events.add(e);
      }
      return new Pack(
          name,
          spec.description() != null ? spec.description() : "",
          source,
          List.copyOf(metrics.values()),
          List.copyOf(events));
    }

    private Metric metric(String path, MetricSpec m) {
      String name = m.name();
      if (name == null || !METRIC_NAME.matcher(name).matches()) {
        throw bad(path + ".name", "a Prometheus metric name", name);
      }
      if (!name.startsWith(spec.pack() + "_")) {
        throw bad(
            path + ".name", "a name starting with the pack's prefix '" + spec.pack() + "_'", name);
      }
      Kind kind = kind(path + ".type", m.type());
      if (m.help() == null || m.help().isBlank()) {
        throw bad(path + ".help", "a sentence saying what the metric measures", m.help());
      }
      if (kind == Kind.COUNTER && !name.endsWith("_total")) {
        throw bad(path + ".name", "a counter name ending in _total", name);
      }
      if (kind != Kind.COUNTER && name.endsWith("_total")) {
        throw bad(
            path + ".name",
            "a " + kind.name().toLowerCase(Locale.ROOT) + " name not ending in _total",
            name);
      }
      String base =
          kind == Kind.COUNTER ? name.substring(0, name.length() - "_total".length()) : name;
      if (m.unit() != null && !base.endsWith("_" + m.unit())) {
        throw bad(
            path + ".unit",
            "a unit the name ends with ('" + base + "' does not end in '_" + m.unit() + "')",
            m.unit());
      }
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < m.labels().size(); i++) {
        String l = m.labels().get(i);
        if (l == null || !LABEL_NAME.matcher(l).matches() || l.startsWith("__")) {
          throw bad(path + ".labels[" + i + "]", "a Prometheus label name", l);
        }
        if (kind == Kind.HISTOGRAM && l.equals("le")) {
          throw bad(path + ".labels[" + i + "]", "a label other than le on a histogram", l);
        }
        if (!seen.add(l)) {
          throw bad(path + ".labels[" + i + "]", "a label not listed twice", l);
        }
      }
      List<Double> buckets = null;
      if (kind == Kind.HISTOGRAM) {
        if (m.buckets() == null || m.buckets().isEmpty()) {
          throw bad(path + ".buckets", "a list of upper bounds for a histogram", null);
        }
        for (int i = 0; i < m.buckets().size(); i++) {
          Double b = m.buckets().get(i);
          if (b == null || !Double.isFinite(b) || (i > 0 && b <= m.buckets().get(i - 1))) {
            throw bad(path + ".buckets[" + i + "]", "finite upper bounds in increasing order", b);
          }
        }
        buckets = m.buckets();
      } else if (m.buckets() != null) {
        throw bad(
            path + ".buckets",
            "no buckets on a " + kind.name().toLowerCase(Locale.ROOT),
            m.buckets());
      }
      Duration ttl = m.ttl() != null ? m.ttl() : spec.ttl();
      if (ttl != null && ttl.toSeconds() < 1) {
        throw bad(path + ".ttl", "at least 1s", ttl.toMillis() + "ms");
      }
      int maxSeries = m.maxSeries() != null ? m.maxSeries() : DEFAULT_MAX_SERIES;
      if (maxSeries < 1) {
        throw bad(path + ".max_series", "a positive number", maxSeries);
      }
      if (m.onSilence() != null && kind != Kind.GAUGE) {
        throw bad(path + ".on_silence", "on_silence only on a gauge", m.onSilence());
      }
      return new Metric(
          name,
          kind,
          m.help().strip(),
          m.unit(),
          m.labels(),
          buckets,
          ttl,
          maxSeries,
          m.onSilence());
    }

    private static Kind kind(String path, String type) {
      if (type != null) {
        for (Kind k : Kind.values()) {
          if (k.name().equalsIgnoreCase(type)) {
            return k;
          }
        }
      }
      throw bad(path, "counter|gauge|histogram", type);
    }

    private EventType event(String path, EventSpec e) {
      if (e.event() == null || !NAME.matcher(e.event()).matches()) {
        throw bad(path + ".event", "a lower-case event name like claim", e.event());
      }
      Map<String, Field> fields = new LinkedHashMap<>();
      e.fields()
          .forEach((name, f) -> fields.put(name, field(path + ".fields." + name, name, f, true)));
      List<Update> updates = new ArrayList<>();
      for (int i = 0; i < e.updates().size(); i++) {
        updates.add(update(path + ".updates[" + i + "]", e.updates().get(i), fields));
      }
      Heartbeat heartbeat =
          e.heartbeat() != null ? heartbeat(path + ".heartbeat", e.heartbeat(), fields) : null;
      return new EventType(
          spec.pack() + "." + e.event(),
          e.description() != null ? e.description() : "",
          e.journaled(),
          Collections.unmodifiableMap(fields),
          List.copyOf(updates),
          heartbeat);
    }

    private static Field field(String path, String name, FieldSpec f, boolean topLevel) {
      if (!NAME.matcher(name).matches()) {
        throw bad(path, "a lower-case field name ([a-z][a-z0-9_]*)", name);
      }
      if (topLevel && RESERVED_FIELDS.contains(name)) {
        throw bad(path, "a field name other than type, ts and id (the envelope's)", name);
      }
      if (f == null) {
        throw bad(path, "a field spec with at least a type", null);
      }
      FieldType type = fieldType(path + ".type", f.type());
      boolean scalar = type != FieldType.MAP && type != FieldType.LIST;
      if (!topLevel && !scalar) {
        throw bad(path + ".type", "string|number|integer|boolean inside a map or list", f.type());
      }
      List<String> enumValues = f.enumValues() != null ? List.copyOf(f.enumValues()) : List.of();
      if (!enumValues.isEmpty() && type != FieldType.STRING) {
        throw bad(path + ".enum", "enum only on a string field", f.enumValues());
      }
      boolean numeric = type == FieldType.NUMBER || type == FieldType.INTEGER;
      if ((f.min() != null || f.max() != null) && !numeric) {
        throw bad(
            path + ".min",
            "min and max only on a number or integer field",
            f.min() != null ? f.min() : f.max());
      }
      if (f.min() != null && f.max() != null && f.min() > f.max()) {
        throw bad(path + ".max", "at least min (" + f.min() + ")", f.max());
      }
      if (f.maxLength() != null && (type != FieldType.STRING || f.maxLength() < 1)) {
        throw bad(path + ".max_length", "a positive length on a string field", f.maxLength());
      }
      if (f.maxItems() != null
          && (type != FieldType.LIST && type != FieldType.MAP || f.maxItems() < 1)) {
        throw bad(path + ".max_items", "a positive count on a list or map field", f.maxItems());
      }
      Field mapValues = null;
      Map<String, Field> items = Map.of();
      if (type == FieldType.MAP) {
        if (f.mapValues() == null) {
          throw bad(path + ".values", "the spec of the map's values, e.g. {type: number}", null);
        }
        mapValues = field(path + ".values", "value", f.mapValues(), false);
      } else if (f.mapValues() != null) {
        throw bad(path + ".values", "values only on a map field", f.type());
      }
      if (type == FieldType.LIST) {
        if (f.items() == null || f.items().isEmpty()) {
          throw bad(path + ".items", "the fields of each list item", null);
        }
        Map<String, Field> itemFields = new LinkedHashMap<>();
        f.items()
            .forEach((n, spec) -> itemFields.put(n, field(path + ".items." + n, n, spec, false)));
        items = Collections.unmodifiableMap(itemFields);
      } else if (f.items() != null) {
        throw bad(path + ".items", "items only on a list field", f.type());
      }
      Object def = f.defaultValue();
      if (def != null) {
        boolean fits =
            switch (type) {
              case STRING ->
                  def instanceof String s && (enumValues.isEmpty() || enumValues.contains(s));
              case NUMBER -> def instanceof Number;
              case INTEGER -> def instanceof Integer || def instanceof Long;
              case BOOLEAN -> def instanceof Boolean;
              case MAP, LIST -> false;
            };
        if (!fits) {
          throw bad(
              path + ".default",
              "a default of the field's type"
                  + (enumValues.isEmpty() ? "" : " among " + enumValues),
              def);
        }
      }
      return new Field(
          name,
          type,
          f.required(),
          enumValues,
          f.min(),
          f.max(),
          f.maxLength() != null ? f.maxLength() : DEFAULT_MAX_LENGTH,
          f.maxItems() != null ? f.maxItems() : DEFAULT_MAX_ITEMS,
          def,
          mapValues,
          items,
          f.description() != null ? f.description() : "");
    }

    private static FieldType fieldType(String path, String type) {
      if (type != null) {
        for (FieldType t : FieldType.values()) {
          if (t.name().equalsIgnoreCase(type)) {
            return t;
          }
        }
      }
      throw bad(path, "string|number|integer|boolean|map|list", type);
    }

    private Heartbeat heartbeat(String path, Map<String, String> hb, Map<String, Field> fields) {
      for (String key : hb.keySet()) {
        if (!key.equals("component") && !key.equals("status")) {
          throw bad(path + "." + key, "only component and status", key);
        }
      }
      Ref component = Ref.parse(String.valueOf(hb.get("component")));
      if (!(component instanceof Ref.FieldRef c)
          || fieldOf(fields, c.field()) != FieldType.STRING) {
        throw bad(
            path + ".component",
            "a reference to a string field, like $component",
            hb.get("component"));
      }
      Ref status = null;
      if (hb.get("status") != null) {
        status = Ref.parse(hb.get("status"));
        if (!(status instanceof Ref.FieldRef s)
            || fieldOf(fields, s.field()) != FieldType.STRING
            || !STATUSES.containsAll(fields.get(s.field()).enumValues())
            || fields.get(s.field()).enumValues().isEmpty()) {
          throw bad(
              path + ".status",
              "a reference to a string field with enum [up, degraded, down]",
              hb.get("status"));
        }
      }
      return new Heartbeat(component, status);
    }

    private static FieldType fieldOf(Map<String, Field> fields, String name) {
      Field f = fields.get(name);
      return f != null ? f.type() : null;
    }

    private Update update(String path, UpdateSpec u, Map<String, Field> fields) {
      Metric metric = metrics.get(u.metric());
      if (metric == null) {
        throw bad(
            path + ".metric",
            "one of the pack's metrics " + new TreeSet<>(metrics.keySet()),
            u.metric());
      }
      List<String> ops = new ArrayList<>();
      if (u.inc() != null) ops.add("inc");
      if (u.add() != null) ops.add("add");
      if (u.set() != null) ops.add("set");
      if (u.observe() != null) ops.add("observe");
      if (ops.size() != 1) {
        throw bad(
            path,
            "exactly one of inc, add, set, observe",
            ops.isEmpty() ? "none" : String.join(", ", ops));
      }
      Op op = Op.valueOf(ops.getFirst().toUpperCase(Locale.ROOT));
      Set<Kind> allowed =
          switch (op) {
            case INC, ADD -> Set.of(Kind.COUNTER, Kind.GAUGE);
            case SET -> Set.of(Kind.GAUGE);
            case OBSERVE -> Set.of(Kind.HISTOGRAM);
          };
      if (!allowed.contains(metric.kind())) {
        throw bad(
            path + "." + ops.getFirst(),
            "a " + kindNames(allowed) + " for " + ops.getFirst(),
            metric.name() + " (a " + metric.kind().name().toLowerCase(Locale.ROOT) + ")");
      }

      // for_each decides which references are in scope
      Ref forEach = null;
      Field iterated = null;
      if (u.forEach() != null) {
        forEach = Ref.parse(u.forEach());
        if (!(forEach instanceof Ref.FieldRef fr)
            || (fieldOf(fields, fr.field()) != FieldType.MAP
                && fieldOf(fields, fr.field()) != FieldType.LIST)) {
          throw bad(
              path + ".for_each",
              "a reference to a map or list field, like $positions",
              u.forEach());
        }
        iterated = fields.get(fr.field());
      }
      Scope scope = new Scope(fields, iterated);

      if (u.map() != null && u.map().containsValue(null)) {
        throw bad(path + ".map", "a number for every value", u.map());
      }
      Map<String, Double> valueMap =
          u.map() != null ? Collections.unmodifiableMap(new LinkedHashMap<>(u.map())) : Map.of();
      Ref value;
      if (op == Op.INC) {
        if (!(u.inc() > 0) || !Double.isFinite(u.inc())) {
          throw bad(path + ".inc", "a positive number", u.inc());
        }
        value = new Ref.Const(Double.toString(u.inc()));
      } else {
        String key = ops.getFirst();
        Object raw = op == Op.ADD ? u.add() : op == Op.SET ? u.set() : u.observe();
        if (raw instanceof Number n && op == Op.SET) {
          value = new Ref.Const(Double.toString(n.doubleValue()));
        } else {
          value = Ref.parse(String.valueOf(raw));
          if (value instanceof Ref.Const) {
            throw bad(
                path + "." + key,
                "a reference like $field" + (op == Op.SET ? " or a number" : ""),
                raw);
          }
          checkNumeric(path + "." + key, value, scope, valueMap, op, metric);
        }
      }
      if (!valueMap.isEmpty() && op != Op.SET) {
        throw bad(path + ".map", "map only with set", valueMap);
      }

      if (!new HashSet<>(metric.labels()).equals(u.labels().keySet())) {
        throw bad(
            path + ".labels",
            "exactly the labels " + metric.labels() + " of " + metric.name(),
            new ArrayList<>(u.labels().keySet()).toString());
      }
      List<Ref> labels = new ArrayList<>();
      for (String label : metric.labels()) {
        Ref r = Ref.parse(String.valueOf(u.labels().get(label)));
        checkLabel(path + ".labels." + label, r, scope);
        labels.add(r);
      }
      Map<String, String> when = new LinkedHashMap<>();
      u.when()
          .forEach(
              (field, expected) -> {
                Field f = fields.get(field);
                if (f == null || f.type() == FieldType.MAP || f.type() == FieldType.LIST) {
                  throw bad(
                      path + ".when." + field,
                      "a scalar field of the event " + new TreeSet<>(fields.keySet()),
                      field);
                }
                if (!f.enumValues().isEmpty()
                    && !f.enumValues().contains(String.valueOf(expected))) {
                  throw bad(path + ".when." + field, "one of " + f.enumValues(), expected);
                }
                when.put(field, String.valueOf(expected));
              });
      return new Update(
          metric,
          op,
          value,
          List.copyOf(labels),
          Collections.unmodifiableMap(when),
          forEach,
          valueMap);
    }

    private static String kindNames(Set<Kind> kinds) {
      return String.join(
          " or ", kinds.stream().map(k -> k.name().toLowerCase(Locale.ROOT)).sorted().toList());
    }

    private static void checkNumeric(
        String path, Ref ref, Scope scope, Map<String, Double> valueMap, Op op, Metric metric) {
      Field f = scope.resolve(path, ref);
      if (ref instanceof Ref.TsRef) {
        return;
      }
      if (ref instanceof Ref.KeyRef) {
        throw bad(path, "a numeric value; $key is a map key (a string)", "$key");
      }
      FieldType type = f.type();
      if (type == FieldType.STRING) {
        if (valueMap.isEmpty()) {
          throw bad(
              path,
              "a number, integer or boolean field, or a string field with a map: of its values",
              type.name().toLowerCase(Locale.ROOT));
        }
        if (!f.enumValues().isEmpty() && !valueMap.keySet().containsAll(f.enumValues())) {
          throw bad(
              path.substring(0, path.lastIndexOf('.')) + ".map",
              "a number for every value of " + f.enumValues(),
              new TreeSet<>(valueMap.keySet()).toString());
        }
      } else if (type != FieldType.NUMBER
          && type != FieldType.INTEGER
          && type != FieldType.BOOLEAN) {
        throw bad(path, "a number, integer or boolean field", type.name().toLowerCase(Locale.ROOT));
      }
      if (op == Op.ADD && metric.kind() == Kind.COUNTER && (f.min() == null || f.min() < 0)) {
        throw bad(
            path,
            "a field with min: 0 or more (counter " + metric.name() + " only grows)",
            f.name());
      }
    }

    private static void checkLabel(String path, Ref ref, Scope scope) {
      if (ref instanceof Ref.Const c) {
        if (c.text().isEmpty()) {
          throw bad(path, "a reference like $field or a constant", "");
        }
        return;
      }
      if (ref instanceof Ref.KeyRef) {
        scope.resolve(path, ref);
        return;
      }
      if (ref instanceof Ref.TsRef) {
        throw bad(path, "a string, integer or boolean field", "$ts");
      }
      Field f = scope.resolve(path, ref);
      if (f.type() != FieldType.STRING
          && f.type() != FieldType.INTEGER
          && f.type() != FieldType.BOOLEAN) {
        throw bad(
            path, "a string, integer or boolean field", f.type().name().toLowerCase(Locale.ROOT));
      }
    }
  }

  /** Which fields a reference may name: the event's, and the iterated map's or list's. */
  private record Scope(Map<String, Field> fields, Field iterated) {
    Field resolve(String path, Ref ref) {
      return switch (ref) {
        case Ref.FieldRef r -> {
          Field f = fields.get(r.field());
          if (f == null) {
            throw bad(
                path, "a field of the event " + new TreeSet<>(fields.keySet()), "$" + r.field());
          }
          yield f;
        }
        case Ref.ItemRef r -> {
          if (iterated == null || iterated.type() != FieldType.LIST) {
            throw bad(path, "$item.<field> only inside for_each over a list", "$item." + r.field());
          }
          Field f = iterated.items().get(r.field());
          if (f == null) {
            throw bad(
                path,
                "a field of the list items " + new TreeSet<>(iterated.items().keySet()),
                "$item." + r.field());
          }
          yield f;
        }
        case Ref.KeyRef k -> {
          if (iterated == null || iterated.type() != FieldType.MAP) {
            throw bad(path, "$key only inside for_each over a map", "$key");
          }
          yield new Field(
              "key",
              FieldType.STRING,
              true,
              List.of(),
              null,
              null,
              DEFAULT_MAX_LENGTH,
              0,
              null,
              null,
              Map.of(),
              "");
        }
        case Ref.ValueRef v -> {
          if (iterated == null || iterated.type() != FieldType.MAP) {
            throw bad(path, "$value only inside for_each over a map", "$value");
          }
          yield iterated.mapValues();
        }
        case Ref.TsRef t -> null;
        case Ref.Const c ->
            throw new IllegalArgumentException("constant '" + c.text() + "' names no field");
      };
    }
  }
}
