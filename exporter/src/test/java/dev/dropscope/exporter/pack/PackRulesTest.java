package dev.dropscope.exporter.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dropscope.exporter.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every pack rule refuses its bad pack with the path, what was expected and what was found. */
class PackRulesTest {
  private final PackLoader loader = new PackLoader();

  /** A valid one-metric, one-event pack; tests break one line of it. */
  private static final String BASE =
      """
      pack: bot
      metrics:
        - name: bot_runs_total
          type: counter
          help: Runs.
          labels: [job]
        - name: bot_queue_depth
          type: gauge
          help: Depth.
        - name: bot_run_seconds
          type: histogram
          help: Run time.
          unit: seconds
          buckets: [1, 5]
      events:
        - event: run
          fields:
            job: {type: string, required: true}
            seconds: {type: number, min: 0}
            depth: {type: integer, min: 0}
          updates:
            - {metric: bot_runs_total, inc: 1, labels: {job: $job}}
            - {metric: bot_queue_depth, set: $depth}
            - {metric: bot_run_seconds, observe: $seconds}
      """;

  private void rejects(String from, String to, String message) {
    String yaml = BASE.replace(from, to);
    assertThat(yaml).as("the test's replacement applies").isNotEqualTo(BASE);
    assertThatThrownBy(() -> loader.parse("bot.yml", yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessage("bot.yml: " + message);
  }

  @Test
  void the_base_pack_is_valid() {
    Pack p = loader.parse("bot.yml", BASE);
    assertThat(p.metrics()).hasSize(3);
    assertThat(p.events()).singleElement().extracting(Pack.EventType::type).isEqualTo("bot.run");
  }

  @Nested
  class Metrics {
    @Test
    void type_must_be_known() {
      rejects(
          "type: gauge",
          "type: gauje",
          "metrics[1].type: expected counter|gauge|histogram, found 'gauje'");
    }

    @Test
    void names_carry_the_pack_prefix() {
      rejects(
          "name: bot_queue_depth",
          "name: queue_depth",
          "metrics[1].name: expected a name starting with the pack's prefix 'bot_', found 'queue_depth'");
    }

    @Test
    void counters_end_in_total() {
      rejects(
          "name: bot_runs_total",
          "name: bot_runs",
          "metrics[0].name: expected a counter name ending in _total, found 'bot_runs'");
    }

    @Test
    void gauges_do_not_end_in_total() {
      rejects(
          "name: bot_queue_depth",
          "name: bot_queue_total",
          "metrics[1].name: expected a gauge name not ending in _total, found 'bot_queue_total'");
    }

    @Test
    void help_is_required() {
      rejects(
          "help: Depth.",
          "help: ''",
          "metrics[1].help: expected a sentence saying what the metric measures, found ''");
    }

    @Test
    void the_unit_is_the_name_suffix() {
      rejects(
          "unit: seconds",
          "unit: bytes",
          "metrics[2].unit: expected a unit the name ends with ('bot_run_seconds' does not end in '_bytes'), found 'bytes'");
    }

    @Test
    void histogram_buckets_increase() {
      rejects(
          "buckets: [1, 5]",
          "buckets: [5, 1]",
          "metrics[2].buckets[1]: expected finite upper bounds in increasing order, found 1.0");
    }

    @Test
    void label_names_are_prometheus_names() {
      rejects(
          "labels: [job]",
          "labels: [job-name]",
          "metrics[0].labels[0]: expected a Prometheus label name, found 'job-name'");
    }

    @Test
    void unknown_keys_are_refused() {
      rejects(
          "help: Depth.",
          "help: Depth.\n    helpp: x",
          "metrics[1].helpp: unknown key; expected one of buckets, help, labels, max_series, name, on_silence, ttl, type, unit");
    }
  }

  @Nested
  class Events {
    @Test
    void field_types_are_known() {
      rejects(
          "depth: {type: integer, min: 0}",
          "depth: {type: int, min: 0}",
          "events[0].fields.depth.type: expected string|number|integer|boolean|map|list, found 'int'");
    }

    @Test
    void envelope_names_are_reserved() {
      rejects(
          "seconds: {type: number, min: 0}",
          "ts: {type: number, min: 0}",
          "events[0].fields.ts: expected a field name other than type, ts and id (the envelope's), found 'ts'");
    }

    @Test
    void an_update_names_a_metric_of_the_pack() {
      rejects(
          "metric: bot_queue_depth, set",
          "metric: bot_queue, set",
          "events[0].updates[1].metric: expected one of the pack's metrics [bot_queue_depth, bot_run_seconds, bot_runs_total], found 'bot_queue'");
    }

    @Test
    void an_update_has_exactly_one_operation() {
      rejects(
          "inc: 1, labels",
          "inc: 1, add: $seconds, labels",
          "events[0].updates[0]: expected exactly one of inc, add, set, observe, found 'inc, add'");
    }

    @Test
    void set_only_on_gauges() {
      rejects(
          "metric: bot_runs_total, inc: 1",
          "metric: bot_runs_total, set: 1",
          "events[0].updates[0].set: expected a gauge for set, found 'bot_runs_total (a counter)'");
    }

    @Test
    void labels_match_the_metric_exactly() {
      rejects(
          "labels: {job: $job}",
          "labels: {task: $job}",
          "events[0].updates[0].labels: expected exactly the labels [job] of bot_runs_total, found '[task]'");
    }

    @Test
    void references_name_fields_of_the_event() {
      rejects(
          "set: $depth",
          "set: $dept",
          "events[0].updates[1].set: expected a field of the event [depth, job, seconds], found '$dept'");
    }

    @Test
    void counters_only_add_fields_that_cannot_be_negative() {
      String yaml =
          BASE.replace("seconds: {type: number, min: 0}", "seconds: {type: number}")
              .replace("metric: bot_runs_total, inc: 1", "metric: bot_runs_total, add: $seconds");
      assertThatThrownBy(() -> loader.parse("bot.yml", yaml))
          .hasMessage(
              "bot.yml: events[0].updates[0].add: expected a field with min: 0 or more (counter"
                  + " bot_runs_total only grows), found 'seconds'");
    }

    @Test
    void item_references_need_a_for_each_over_a_list() {
      rejects(
          "set: $depth",
          "set: $item.depth",
          "events[0].updates[1].set: expected $item.<field> only inside for_each over a list, found '$item.depth'");
    }
  }

  @Nested
  class Catalog {
    @Test
    void user_packs_load_from_a_directory_after_the_built_in_ones(@TempDir Path dir)
        throws Exception {
      Files.writeString(dir.resolve("bot.yml"), BASE);
      Files.writeString(dir.resolve("notes.txt"), "not a pack");
      Packs packs = Packs.load(List.of("airdrops"), dir);
      assertThat(packs.all()).extracting(Pack::name).containsExactly("airdrops", "bot");
      assertThat(packs.event("bot.run")).isPresent();
    }

    @Test
    void a_broken_user_pack_names_its_file(@TempDir Path dir) throws Exception {
      Path file =
          Files.writeString(dir.resolve("bot.yml"), BASE.replace("type: gauge", "type: gauje"));
      assertThatThrownBy(() -> Packs.load(List.of(), dir))
          .hasMessage(file + ": metrics[1].type: expected counter|gauge|histogram, found 'gauje'");
    }

    @Test
    void two_packs_cannot_share_a_name(@TempDir Path dir) throws Exception {
      Files.writeString(
          dir.resolve("a.yml"),
          BASE.replace("pack: bot", "pack: airdrops").replace("bot_", "airdrops_x_"));
      assertThatThrownBy(() -> Packs.load(List.of("airdrops"), dir))
          .hasMessageStartingWith(
              dir.resolve("a.yml")
                  + ": pack: expected a name no other pack uses, found 'airdrops'");
    }

    @Test
    void an_unknown_built_in_pack_is_refused() {
      assertThatThrownBy(() -> Packs.load(List.of("airdrop"), null))
          .hasMessage(
              "packs.builtin[0]: expected one of airdrops|trading|gateway, found 'airdrop'");
    }
  }
}
