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
import dev.dropscope.exporter.pack.Pack.Kind;
import dev.dropscope.exporter.pack.Pack.Metric;
import dev.dropscope.exporter.pack.Pack.Update;
import dev.dropscope.exporter.pack.Packs;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code docs/metrics.md}: {@code metrics.template.md} with, for every pack, a table of its metrics
 * and a table of the events that update them and how.
 *
 * <pre>
 * | `airdrops_claimed_value_usd_total` | [`airdrops.claim`](ingest.md#airdropsclaim) | += `value_usd` when `status` = `success` |
 * </pre>
 */
final class MetricsPage {
  static final String TEMPLATE = "metrics.template.md";

  private MetricsPage() {}

  static String render(Packs packs) {
    IngestConfig ingest = IngestConfig.defaults();
    StringBuilder sections = new StringBuilder();
    for (Pack p : packs.all()) {
      sections.append(section(p));
    }
    return Template.fill(
        TEMPLATE,
        Map.of(
            "default_packs", codes(PacksConfig.defaults().builtin()),
            "max_series_total", Integer.toString(ingest.maxSeriesTotal()),
            "silence_after", Durations.format(ingest.silenceAfter()),
            "packs", sections.toString().stripTrailing()));
  }

  private static String section(Pack p) {
    StringBuilder s = new StringBuilder();
    s.append("## ").append(p.name()).append("\n\n");
    s.append(p.description()).append(' ').append(enabled(p.name()));
    s.append(" Its events: [ingest.md](ingest.md#").append(p.name()).append(").\n\n");

    Markdown.Table metrics =
        new Markdown.Table(
            "metric", "type", "labels", "unit", "ttl", "max series", "on silence", "help");
    for (Metric m : p.metrics()) {
      metrics.row(
          code(m.name()),
          m.kind().name().toLowerCase(Locale.ROOT),
          codes(m.labels()),
          m.unit() != null ? m.unit() : NONE,
          m.ttl() != null ? Durations.format(m.ttl()) : NONE,
          Integer.toString(m.maxSeries()),
          m.onSilence() != null ? num(m.onSilence()) : NONE,
          m.help());
    }
    s.append(metrics.render()).append('\n');

    List<Metric> histograms = p.metrics().stream().filter(m -> m.kind() == Kind.HISTOGRAM).toList();
    if (!histograms.isEmpty()) {
      s.append("Histogram buckets (upper bounds; `+Inf` is always added):\n\n");
      for (Metric m : histograms) {
        s.append("- ")
            .append(code(m.name()))
            .append(": ")
            .append(String.join(", ", m.buckets().stream().map(Markdown::num).toList()))
            .append('\n');
      }
      s.append('\n');
    }

    s.append("What updates them:\n\n");
    Markdown.Table updates = new Markdown.Table("metric", "event", "update");
    for (Metric m : p.metrics()) {
      for (EventType e : p.events()) {
        for (Update u : e.updates()) {
          if (u.metric().name().equals(m.name())) {
            updates.row(code(m.name()), eventLink(e), Updates.describe(e, u));
          }
        }
      }
    }
    s.append(updates.render()).append('\n');
    return s.toString();
  }

  /** A link to the event's section of ingest.md, by GitHub's heading anchors. */
  static String eventLink(EventType e) {
    return "[" + code(e.type()) + "](ingest.md#" + IngestPage.anchor(e.type()) + ")";
  }

  static String enabled(String pack) {
    return PacksConfig.defaults().builtin().contains(pack)
        ? "The exporter runs it by default."
        : "Turn it on with `packs.builtin: [..., " + pack + "]`.";
  }
}
