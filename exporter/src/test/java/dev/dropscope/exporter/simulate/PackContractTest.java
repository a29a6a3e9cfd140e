package dev.dropscope.exporter.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every event the simulator emits fits the field specs in the packs' YAML, the exporter's contract.
 */
class PackContractTest {
  private static final PackContract CONTRACT = PackContract.load("airdrops", "trading", "gateway");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration DAY = Duration.ofDays(1);
  private static final int PER_VARIANT = 500;

  /**
   * Up to {@value #PER_VARIANT} events of each type and status, spread over the run: every kind of
   * event is checked, the 30,000 heartbeats a day are not all checked.
   */
  private static List<SimEvent> sample(List<SimEvent> events) {
    Map<String, List<SimEvent>> byVariant = new TreeMap<>();
    for (SimEvent e : events) {
      byVariant
          .computeIfAbsent(
              e.type() + "/" + e.fields().path("status").asText(), k -> new ArrayList<>())
          .add(e);
    }
    List<SimEvent> sample = new ArrayList<>();
    for (List<SimEvent> variant : byVariant.values()) {
      int stride = Math.max(1, variant.size() / PER_VARIANT);
      for (int i = 0; i < variant.size(); i += stride) {
        sample.add(variant.get(i));
      }
    }
    return sample;
  }

  /** The events as the exporter gets them: NDJSON lines, parsed. */
  private static List<JsonNode> wire(List<SimEvent> events) {
    List<JsonNode> objects = new ArrayList<>();
    String ndjson = new String(Ndjson.encode(events), StandardCharsets.UTF_8);
    try {
      for (String line : ndjson.split("\n")) {
        objects.add(JSON.readTree(line));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return objects;
  }

  private static List<String> problems(List<SimEvent> events) {
    List<String> problems = new ArrayList<>();
    for (JsonNode e : wire(sample(events))) {
      for (String p : CONTRACT.problems(e)) {
        problems.add(p + "  in " + e);
      }
    }
    return problems;
  }

  @Test
  void a_day_of_every_pack_fits_the_field_specs() {
    List<SimEvent> events = Worlds.events(42, DAY, Worlds.ALL);
    for (Pack p : Pack.values()) {
      assertThat(sample(events).stream().filter(e -> e.pack().equals(p.wireName())).count())
          .as("events of %s checked", p)
          .isGreaterThan(3_000);
    }
    assertThat(problems(events)).isEmpty();
  }

  @Test
  void other_seeds_wallet_counts_and_start_times_fit_the_field_specs_too() {
    List<SimEvent> events = new ArrayList<>();
    for (long seed : new long[] {0, 1, -7, 123_456_789}) {
      events.addAll(
          Worlds.events(
              seed,
              Worlds.START.minus(Duration.ofDays(seed & 31)),
              Duration.ofHours(1),
              1 + (int) (seed & 7),
              Worlds.ALL));
    }
    assertThat(sample(events)).hasSizeGreaterThan(3_000);
    assertThat(problems(events)).isEmpty();
  }

  @Test
  void the_checker_catches_what_it_should() {
    ObjectNode bad =
        (ObjectNode)
            wire(Worlds.ofType(Worlds.events(42, DAY, Worlds.ALL), "airdrops.claim")).getFirst();
    assertThat(CONTRACT.problems(bad)).isEmpty();
    bad.put("status", "ok").put("gas_used", 1.5).put("fee_usd", -1.0).put("colour", "red");
    bad.remove("wallet");
    assertThat(CONTRACT.problems(bad))
        .containsExactlyInAnyOrder(
            "airdrops.claim.wallet: required but missing",
            "airdrops.claim.status: 'ok' is not one of [\"success\",\"failed\"]",
            "airdrops.claim.gas_used: expected an integer, found 1.5",
            "airdrops.claim.fee_usd: -1.0 is below the minimum 0",
            "airdrops.claim.colour: not declared by the pack");
  }

  @Test
  void every_declared_event_type_is_emitted_within_a_day() {
    Set<String> emitted =
        Worlds.events(42, DAY, Worlds.ALL).stream()
            .map(SimEvent::type)
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(emitted).containsExactlyInAnyOrderElementsOf(CONTRACT.eventTypes());
  }

  @Test
  void every_enum_value_is_emitted_within_days_except_a_catch_all_and_a_crash() {
    Map<String, Set<String>> missing = new TreeMap<>();
    List<SimEvent> events = new ArrayList<>(Worlds.events(42, DAY, Worlds.ALL));
    // the airdrop bot's rarer moves (e.g. unstaking from EigenLayer) take a few days
    events.addAll(Worlds.events(42, Duration.ofDays(3), EnumSet.of(Pack.AIRDROPS)));
    for (String type : CONTRACT.eventTypes()) {
      for (Map.Entry<String, JsonNode> f : CONTRACT.fieldsOf(type).properties()) {
        if (!f.getValue().has("enum")) {
          continue;
        }
        Set<String> values = new TreeSet<>();
        f.getValue().get("enum").forEach(v -> values.add(v.asText()));
        for (SimEvent e : Worlds.ofType(events, type)) {
          values.remove(e.fields().path(f.getKey()).asText());
        }
        if (!values.isEmpty()) {
          missing.put(type + "." + f.getKey(), values);
        }
      }
    }
    // "other" is the catch-all for actions a bot cannot name; the simulated bot always can.
    // "critical" takes a 20% drawdown from the 7-day peak: a market crash, not a daily event.
    assertThat(missing)
        .isEqualTo(
            Map.of(
                "airdrops.interaction.action", Set.of("other"),
                "airdrops.risk.level", Set.of("critical")));
  }

  @Test
  void the_journaled_events_the_playback_keeps_in_a_backlog_are_the_ones_the_packs_journal() {
    Set<String> simulator = new TreeSet<>();
    for (Pack p : EnumSet.allOf(Pack.class)) {
      p.journaled().forEach(e -> simulator.add(p.wireName() + "." + e));
    }
    assertThat(simulator).isEqualTo(CONTRACT.journaledTypes());
    assertThat(Arrays.stream(Pack.values()).map(Pack::wireName))
        .containsExactly("airdrops", "trading", "gateway");
  }
}
