package dev.dropscope.exporter.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The world model: deterministic for a seed, and plausible. */
class ScenarioTest {
  private static final Duration DAY = Duration.ofDays(1);
  private static final Duration TWO_HOURS = Duration.ofHours(2);

  @Nested
  class Determinism {
    @Test
    void same_seed_and_start_give_byte_identical_ndjson() {
      byte[] first = Ndjson.encode(Worlds.events(42, TWO_HOURS, Worlds.ALL));
      byte[] second =
          Ndjson.encode(
              new Scenario(42, Worlds.START, 5, Worlds.ALL)
                  .advanceTo(Worlds.START.plus(TWO_HOURS)));
      assertThat(first.length).isGreaterThan(1_000_000);
      assertThat(second).isEqualTo(first);
    }

    /**
     * Pins the world across JVMs, platforms and JIT modes (the interpreter gives the same bytes).
     * When a change to the model is meant, the demo's data changes too: update the digest.
     */
    @Test
    void the_world_of_seed_42_is_pinned_by_a_digest() throws Exception {
      byte[] ndjson = Ndjson.encode(Worlds.events(42, TWO_HOURS, Worlds.ALL));
      String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ndjson));
      assertThat(digest)
          .as("the simulated world changed; if that is intended, update the expected digest")
          .isEqualTo("9e02492f29b4405a4dbe529f969a5379ef1d44830fe6d5e4fd7921c988918133");
    }

    @Test
    void slicing_time_differently_gives_the_same_events() {
      Instant end = Worlds.START.plus(TWO_HOURS);
      Scenario sliced = new Scenario(42, Worlds.START, 5, Worlds.ALL);
      SplittableRandom steps = new SplittableRandom(7);
      List<SimEvent> events = new ArrayList<>();
      while (sliced.now().isBefore(end)) {
        Instant next = sliced.now().plusMillis(steps.nextLong(1, 600_000));
        events.addAll(sliced.advanceTo(next.isAfter(end) ? end : next));
      }
      assertThat(Ndjson.encode(events))
          .isEqualTo(Ndjson.encode(Worlds.events(42, TWO_HOURS, Worlds.ALL)));
    }

    @Test
    void different_seeds_give_different_wallets_prices_and_outcomes() {
      List<SimEvent> a = Worlds.events(42, TWO_HOURS, Worlds.ALL);
      List<SimEvent> b = Worlds.events(43, TWO_HOURS, Worlds.ALL);
      assertThat(wallets(a)).hasSize(5).doesNotContainAnyElementsOf(wallets(b));
      assertThat(firstPrice(a, "ETH")).isNotEqualTo(firstPrice(b, "ETH"));
      assertThat(Ndjson.encode(a)).isNotEqualTo(Ndjson.encode(b));
    }

    @Test
    void a_pack_plays_the_same_whatever_other_packs_run_beside_it() {
      List<SimEvent> alone = Worlds.events(42, TWO_HOURS, EnumSet.of(Pack.AIRDROPS));
      List<SimEvent> together =
          Worlds.events(42, TWO_HOURS, Worlds.ALL).stream()
              .filter(e -> e.pack().equals("airdrops"))
              .toList();
      assertThat(Ndjson.encode(together)).isEqualTo(Ndjson.encode(alone));
    }

    @Test
    void ids_are_unique_and_name_the_pack() {
      List<SimEvent> events = Worlds.events(42, TWO_HOURS, Worlds.ALL);
      Set<String> ids = new HashSet<>();
      for (SimEvent e : events) {
        assertThat(e.id()).startsWith("sim-").contains("-" + e.pack() + "-");
        ids.add(e.id());
      }
      assertThat(ids).hasSize(events.size());
    }

    @Test
    void another_start_gives_the_same_wallets_but_new_ids_and_hashes_so_reruns_never_collide() {
      Instant later = Worlds.START.plus(Duration.ofDays(1));
      List<SimEvent> rerun = Worlds.events(42, later, TWO_HOURS, 5, EnumSet.of(Pack.AIRDROPS));
      List<SimEvent> first = Worlds.events(42, TWO_HOURS, Worlds.ALL);
      assertThat(wallets(rerun)).isEqualTo(wallets(first));
      assertThat(rerun.stream().map(SimEvent::id))
          .doesNotContainAnyElementsOf(first.stream().map(SimEvent::id).toList());
      assertThat(hashes(rerun)).isNotEmpty().doesNotContainAnyElementsOf(hashes(first));
    }

    @Test
    void events_come_in_time_order_and_never_after_the_time_asked_for() {
      Scenario world = new Scenario(42, Worlds.START, 5, Worlds.ALL);
      Instant until = Worlds.START;
      Instant last = Worlds.START;
      for (int i = 0; i < 200; i++) {
        until = until.plusMillis(37_123);
        for (SimEvent e : world.advanceTo(until)) {
          assertThat(e.ts()).isAfterOrEqualTo(last).isBeforeOrEqualTo(until);
          last = e.ts();
        }
      }
      assertThat(world.now()).isEqualTo(until);
    }
  }

  @Nested
  class Airdrops {
    private final List<SimEvent> day = Worlds.events(42, DAY, Worlds.ALL);
    private final List<SimEvent> threeDays =
        Worlds.events(42, Duration.ofDays(3), EnumSet.of(Pack.AIRDROPS));

    @Test
    void every_wallet_gets_a_portfolio_snapshot_at_start_and_at_each_utc_midnight() {
      List<SimEvent> snapshots = Worlds.ofType(day, "airdrops.portfolio");
      Instant midnight =
          Worlds.START
              .atZone(ZoneOffset.UTC)
              .toLocalDate()
              .plusDays(1)
              .atStartOfDay(ZoneOffset.UTC)
              .toInstant();
      assertThat(snapshots).hasSize(10);
      assertThat(snapshots.subList(0, 5))
          .allSatisfy(s -> assertThat(s.ts()).isBetween(Worlds.START, Worlds.START.plusSeconds(5)));
      assertThat(snapshots.subList(5, 10)).allSatisfy(s -> assertThat(s.ts()).isEqualTo(midnight));
      assertThat(wallets(snapshots.subList(5, 10))).isEqualTo(wallets(snapshots.subList(0, 5)));
    }

    @Test
    void snapshot_positions_are_valued_at_the_walk_prices() {
      SimEvent snapshot = Worlds.ofType(day, "airdrops.portfolio").getFirst();
      Map<String, Double> prices = new HashMap<>();
      for (SimEvent p : Worlds.ofType(day, "airdrops.price")) {
        prices.putIfAbsent(p.fields().get("token").asText(), p.fields().get("usd").asDouble());
      }
      prices.put("USDC", 1.0);
      for (JsonNode position : snapshot.fields().get("positions")) {
        double price = prices.get(position.get("token").asText());
        assertThat(position.get("value_usd").asDouble())
            .as("%s", position)
            .isCloseTo(
                position.get("amount").asDouble() * price,
                within(0.01 + 1e-5 * price * position.get("amount").asDouble()));
      }
    }

    @Test
    void every_component_heartbeats_every_15_seconds_but_for_the_odd_outage() {
      Map<String, List<Instant>> beats = new HashMap<>();
      Set<String> statuses = new TreeSet<>();
      for (SimEvent e : Worlds.ofType(threeDays, "airdrops.heartbeat")) {
        beats
            .computeIfAbsent(e.fields().get("component").asText(), k -> new ArrayList<>())
            .add(e.ts());
        statuses.add(e.fields().get("status").asText());
      }
      assertThat(beats.keySet()).containsExactlyInAnyOrderElementsOf(AirdropsBot.COMPONENTS);
      long regular = 0;
      long total = 0;
      long silences = 0;
      for (List<Instant> times : beats.values()) {
        for (int i = 1; i < times.size(); i++) {
          long gap = Duration.between(times.get(i - 1), times.get(i)).toMillis();
          total++;
          regular += gap >= 14_700 && gap <= 15_300 ? 1 : 0;
          silences += gap >= 3 * 60_000 ? 1 : 0;
        }
      }
      assertThat((double) regular / total).isGreaterThan(0.99);
      assertThat(silences).as("components that went silent for minutes").isPositive();
      assertThat(statuses).containsExactlyInAnyOrder("up", "degraded", "down");
    }

    @Test
    void allocations_never_add_up_to_more_than_all_the_capital() {
      for (SimEvent e : Worlds.ofType(day, "airdrops.allocation")) {
        double sum = 0;
        for (JsonNode share : e.fields().get("allocations")) {
          sum += share.asDouble();
        }
        assertThat(sum).as("%s", e.fields()).isBetween(0.5, 1.0);
      }
    }

    @Test
    void claims_carry_value_only_when_they_succeed_and_succeed_at_about_the_protocols_rate() {
      List<SimEvent> claims =
          Worlds.ofType(
              Worlds.events(7, Worlds.START, DAY, 100, EnumSet.of(Pack.AIRDROPS)),
              "airdrops.claim");
      long ok = 0;
      for (SimEvent c : claims) {
        boolean success = c.fields().get("status").asText().equals("success");
        assertThat(c.fields().has("value_usd")).isEqualTo(success);
        assertThat(c.fields().get("fee_usd").asDouble()).isPositive();
        ok += success ? 1 : 0;
      }
      assertThat(claims).hasSizeGreaterThan(40);
      assertThat((double) ok / claims.size()).isBetween(0.7, 0.98);
    }

    @Test
    void interaction_fees_are_gas_used_times_gas_price_at_the_eth_price() {
      double eth = firstPrice(day, "ETH");
      for (SimEvent e : Worlds.ofType(day, "airdrops.interaction").subList(0, 20)) {
        JsonNode f = e.fields();
        if (f.get("protocol").asText().equals("layerzero")) {
          continue; // adds LayerZero's messaging fee
        }
        double gasCost = f.get("gas_used").asLong() * f.get("gas_price_gwei").asDouble() * 1e-9;
        assertThat(f.get("fee_usd").asDouble() / gasCost)
            .as("%s", f)
            .isBetween(eth * 0.9, eth * 1.1);
      }
    }

    @Test
    void about_one_task_in_twenty_fails_and_some_time_out() {
      Map<String, Long> byStatus =
          Worlds.ofType(day, "airdrops.task").stream()
              .collect(
                  Collectors.groupingBy(
                      e -> e.fields().get("status").asText(), Collectors.counting()));
      long all = byStatus.values().stream().mapToLong(Long::longValue).sum();
      assertThat((double) byStatus.get("failed") / all).isBetween(0.02, 0.09);
      assertThat(byStatus.get("timeout")).isPositive();
      assertThat(byStatus.get("success")).isGreaterThan(all * 8 / 10);
    }

    @Test
    void a_bad_streak_opens_the_circuit_breaker_and_farm_tasks_are_skipped_while_it_is_open() {
      List<SimEvent> events = day;
      Instant opened = null;
      for (SimEvent e : Worlds.ofType(events, "airdrops.risk")) {
        if (e.fields().get("circuit_breaker").asBoolean()) {
          assertThat(e.fields().get("level").asText()).isIn("high", "critical");
          opened = opened == null ? e.ts() : opened;
        }
      }
      assertThat(opened).as("the breaker opened within a day").isNotNull();
      Instant since = opened;
      assertThat(
              Worlds.ofType(events, "airdrops.task").stream()
                  .filter(t -> t.fields().get("status").asText().equals("skipped"))
                  .filter(t -> !t.ts().isBefore(since)))
          .isNotEmpty();
    }
  }

  @Nested
  class TradingAndGateway {
    private final List<SimEvent> day = Worlds.events(42, DAY, Worlds.ALL);

    @Test
    void sells_realise_pnl_and_buys_do_not() {
      List<SimEvent> trades = Worlds.ofType(day, "trading.trade");
      assertThat(trades).hasSizeGreaterThan(300);
      for (SimEvent t : trades) {
        assertThat(t.fields().has("pnl_usd"))
            .isEqualTo(t.fields().get("side").asText().equals("sell"));
      }
    }

    @Test
    void connections_drop_and_come_back() {
      List<Boolean> states =
          Worlds.ofType(day, "trading.connection").stream()
              .map(e -> e.fields().get("connected").asBoolean())
              .toList();
      assertThat(states).contains(false);
      assertThat(states.getLast()).isTrue();
    }

    @Test
    void gateway_traffic_follows_the_time_of_day() {
      Map<Integer, Long> perHour =
          Worlds.ofType(day, "gateway.transaction").stream()
              .collect(
                  Collectors.groupingBy(
                      e -> e.ts().atZone(ZoneOffset.UTC).getHour(), Collectors.counting()));
      long night = perHour.get(2) + perHour.get(3) + perHour.get(4);
      long afternoon = perHour.get(14) + perHour.get(15) + perHour.get(16);
      assertThat(afternoon).isGreaterThan(2 * night);
    }

    @Test
    void inventory_runs_low_now_and_then_and_never_exceeds_capacity() {
      List<SimEvent> inventory = Worlds.ofType(day, "gateway.inventory");
      boolean low = false;
      for (SimEvent e : inventory) {
        double level = e.fields().get("level").asDouble();
        double capacity = e.fields().get("capacity").asDouble();
        assertThat(level).isBetween(0.0, capacity);
        low |= level < 0.2 * capacity;
      }
      assertThat(low).as("an item ran below 20%").isTrue();
    }
  }

  private static Set<String> wallets(List<SimEvent> events) {
    return events.stream()
        .filter(e -> e.type().equals("airdrops.portfolio"))
        .map(e -> e.fields().get("wallet").asText())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> hashes(List<SimEvent> events) {
    return events.stream()
        .filter(e -> e.fields().has("tx_hash"))
        .map(e -> e.fields().get("tx_hash").asText())
        .collect(Collectors.toSet());
  }

  private static double firstPrice(List<SimEvent> events, String token) {
    return Worlds.ofType(events, "airdrops.price").stream()
        .filter(e -> e.fields().get("token").asText().equals(token))
        .findFirst()
        .orElseThrow()
        .fields()
        .get("usd")
        .asDouble();
  }
}
