package dev.dropscope.exporter.docs;

import static dev.dropscope.exporter.docs.Markdown.NONE;
import static dev.dropscope.exporter.docs.Markdown.code;
import static dev.dropscope.exporter.docs.Markdown.codes;
import static dev.dropscope.exporter.docs.Markdown.num;

import dev.dropscope.exporter.config.Durations;
import dev.dropscope.exporter.config.IngestConfig;
import dev.dropscope.exporter.config.PacksConfig;
import dev.dropscope.exporter.pack.Pack;
import dev.dropscope.exporter.pack.Pack.EventType;
import dev.dropscope.exporter.pack.Pack.Field;
import dev.dropscope.exporter.pack.Pack.FieldType;
import dev.dropscope.exporter.pack.Pack.Update;
import dev.dropscope.exporter.pack.PackLoader;
import dev.dropscope.exporter.pack.Packs;
import dev.dropscope.exporter.pack.Ref;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code docs/ingest.md}: {@code ingest.template.md} (the endpoint, envelope, answers, curl) with
 * the configured limits, every event type of every pack (fields, journaling, the metrics it moves,
 * a valid example) and the Python client's source.
 */
final class IngestPage {
  static final String TEMPLATE = "ingest.template.md";

  private IngestPage() {}

  static String render(Packs packs, Examples examples, String pythonClient) {
    IngestConfig ingest = IngestConfig.defaults();
    StringBuilder events = new StringBuilder();
    for (Pack p : packs.all()) {
      events.append(section(p, examples, ingest));
    }
    return Template.fill(
        TEMPLATE,
        Map.ofEntries(
            Map.entry("default_packs", codes(PacksConfig.defaults().builtin())),
            Map.entry("max_body_bytes", Integer.toString(ingest.maxBodyBytes())),
            Map.entry("max_events", Integer.toString(ingest.maxEvents())),
            Map.entry("dedup_window", Durations.format(ingest.dedupWindow())),
            Map.entry("max_length", Integer.toString(PackLoader.DEFAULT_MAX_LENGTH)),
            Map.entry("max_items", Integer.toString(PackLoader.DEFAULT_MAX_ITEMS)),
            Map.entry("event_index", index(packs)),
            Map.entry("events", events.toString().stripTrailing()),
            Map.entry("python_client", pythonClient.stripTrailing())));
  }

  /** GitHub's anchor for a heading {@code `airdrops.claim`}: {@code airdropsclaim}. */
  static String anchor(String heading) {
    return heading.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
  }

  private static String index(Packs packs) {
    Markdown.Table t = new Markdown.Table("event", "journaled", "what it reports");
    for (EventType e : packs.events()) {
      t.row(
          "[" + code(e.type()) + "](#" + anchor(e.type()) + ")",
          e.journaled() ? "yes" : "no",
          e.description());
    }
    return t.render().stripTrailing();
  }

  private static String section(Pack p, Examples examples, IngestConfig ingest) {
    StringBuilder s = new StringBuilder();
    s.append("### ").append(p.name()).append("\n\n");
    s.append(p.description()).append(' ').append(MetricsPage.enabled(p.name()));
    s.append(" Its metrics: [metrics.md](metrics.md#").append(p.name()).append(").\n\n");
    for (EventType e : p.events()) {
      s.append(event(e, examples, ingest));
    }
    return s.toString();
  }

  private static String event(EventType e, Examples examples, IngestConfig ingest) {
    StringBuilder s = new StringBuilder();
    s.append("#### ").append(code(e.type())).append("\n\n");
    s.append(e.description()).append(' ');
    s.append(
        e.journaled()
            ? "**Journaled**: every accepted one is also written to the [event journal](journal.md),"
                + " from which the ETL loads it into PostgreSQL; send an `id` so that a retried"
                + " request cannot write it twice."
            : "Not journaled: it only moves metrics.");
    s.append("\n\n");
    if (e.heartbeat() != null) {
      s.append("A heartbeat: ")
          .append(code(fieldName(e.heartbeat().component())))
          .append(" names the component");
      if (e.heartbeat().status() != null) {
        s.append(" and ").append(code(fieldName(e.heartbeat().status()))).append(" its state");
      }
      s.append("; one silent for `ingest.silence_after` (")
          .append(Durations.format(ingest.silenceAfter()))
          .append(") counts as down.\n\n");
    }
    s.append(fields(e)).append('\n');
    s.append("Metrics it moves:\n\n");
    for (Update u : e.updates()) {
      s.append("- ")
          .append(code(u.metric().name()))
          .append(": ")
          .append(Updates.describe(e, u))
          .append('\n');
    }
    s.append("\nExample:\n\n```json\n").append(examples.pretty(e.type())).append("\n```\n\n");
    return s.toString();
  }

  private static String fields(EventType e) {
    List<Field> all = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Field f : e.fields().values()) {
      all.add(f);
      names.add(f.name());
      if (f.type() == FieldType.LIST) {
        for (Field item : f.items().values()) {
          all.add(item);
          names.add(f.name() + "[]." + item.name());
        }
      }
    }
    boolean described = all.stream().anyMatch(f -> !f.description().isBlank());
    Markdown.Table t =
        described
            ? new Markdown.Table(
                "field", "type", "required", "allowed values", "default", "description")
            : new Markdown.Table("field", "type", "required", "allowed values", "default");
    for (int i = 0; i < all.size(); i++) {
      Field f = all.get(i);
      List<String> cells = new ArrayList<>();
      cells.add(code(names.get(i)));
      cells.add(type(f));
      cells.add(f.required() ? "yes" : "no");
      cells.add(constraints(f));
      cells.add(f.defaultValue() != null ? code(String.valueOf(f.defaultValue())) : NONE);
      if (described) {
        cells.add(f.description().isBlank() ? NONE : f.description().strip());
      }
      t.row(cells.toArray(String[]::new));
    }
    return t.render();
  }

  private static String type(Field f) {
    return switch (f.type()) {
      case MAP -> "object of " + type(f.mapValues()) + "s";
      case LIST -> "list of objects";
      default -> f.type().name().toLowerCase(Locale.ROOT);
    };
  }

  private static String constraints(Field f) {
    List<String> parts = new ArrayList<>();
    if (!f.enumValues().isEmpty()) {
      parts.add(codes(f.enumValues()));
    }
    if (f.min() != null && f.max() != null) {
      parts.add(num(f.min()) + " to " + num(f.max()));
    } else if (f.min() != null) {
      parts.add("at least " + num(f.min()));
    } else if (f.max() != null) {
      parts.add("at most " + num(f.max()));
    }
    if (f.type() == FieldType.STRING && f.maxLength() != PackLoader.DEFAULT_MAX_LENGTH) {
      parts.add("at most " + f.maxLength() + " characters");
    }
    if (f.type() == FieldType.MAP) {
      String values = constraints(f.mapValues());
      if (!values.equals(NONE)) {
        parts.add("values " + values);
      }
    }
    if ((f.type() == FieldType.MAP || f.type() == FieldType.LIST)
        && f.maxItems() != PackLoader.DEFAULT_MAX_ITEMS) {
      parts.add("at most " + f.maxItems() + (f.type() == FieldType.MAP ? " entries" : " items"));
    }
    return parts.isEmpty() ? NONE : String.join("; ", parts);
  }

  private static String fieldName(Ref ref) {
    return ref instanceof Ref.FieldRef f ? f.field() : ref.toString();
  }
}
