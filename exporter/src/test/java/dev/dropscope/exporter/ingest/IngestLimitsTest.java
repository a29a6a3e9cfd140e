package dev.dropscope.exporter.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dropscope.exporter.config.IngestConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Caps, expiry, journal failure and undeclared fields. */
class IngestLimitsTest {

  private static String claim(String protocol) {
    return "{\"type\":\"airdrops.claim\",\"protocol\":\""
        + protocol
        + "\",\"wallet\":\"0xa\",\"token\":\"ZK\",\"status\":\"success\",\"value_usd\":1}";
  }

  @Test
  void series_beyond_the_global_cap_are_dropped_and_counted_and_memory_stays_bounded() {
    IngestConfig cap = new IngestConfig(null, null, 3, null, null, null, null);
    IngestHarness h = new IngestHarness(cap);
    for (int i = 0; i < 10; i++) {
      assertThat(h.post(claim("p" + i)).status()).isEqualTo(202);
    }
    assertThat(h.metrics.seriesCount()).isEqualTo(3);
    // p0 took a claims_total and a claimed_value series, p1 the third; the rest was dropped
    assertThat(h.samples("airdrops_claims_total")).hasSize(2);
    assertThat(h.samples("dropscope_series_dropped_total"))
        .contains(
            "dropscope_series_dropped_total{metric=\"airdrops_claims_total\"} 8.0",
            "dropscope_series_dropped_total{metric=\"airdrops_claimed_value_usd_total\"} 9.0");
  }

  @Test
  void existing_series_keep_updating_after_the_cap_is_reached() {
    IngestHarness h = new IngestHarness(new IngestConfig(null, null, 2, null, null, null, null));
    h.post(claim("a"));
    h.post(claim("a"));
    h.post(claim("b"));
    assertThat(h.samples("airdrops_claims_total"))
        .containsExactly("airdrops_claims_total{protocol=\"a\",status=\"success\"} 2.0");
  }

  @Test
  void a_series_not_updated_within_its_ttl_leaves_the_exposition() {
    IngestHarness h = new IngestHarness();
    h.post(
        "{\"type\":\"airdrops.portfolio\",\"wallet\":\"0xa\",\"positions\":[{\"token\":\"ETH\",\"value_usd\":1}]}");
    h.advance(Duration.ofDays(7).minusSeconds(1));
    assertThat(h.samples("airdrops_portfolio_value_usd")).hasSize(1);
    h.advance(Duration.ofSeconds(2));
    assertThat(h.samples("airdrops_portfolio_value_usd")).isEmpty();
    assertThat(h.metrics.seriesCount()).isZero();
  }

  @Test
  void a_journal_failure_answers_503_applies_nothing_and_frees_the_ids() {
    IngestHarness h =
        new IngestHarness(
            IngestConfig.defaults(),
            events -> {
              throw new IOException("No space left on device");
            });
    String withId = claim("zksync").replace("{\"type\"", "{\"id\":\"k1\",\"type\"");
    var r = h.post(withId);
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.body()).containsEntry("accepted", 0);
    assertThat(h.samples("airdrops_claims_total")).isEmpty();
    assertThat(h.samples("dropscope_events_rejected_total"))
        .contains(
            "dropscope_events_rejected_total{reason=\"journal_failure\",type=\"airdrops.claim\"} 1.0");
  }

  @Test
  void a_batch_with_one_bad_event_is_refused_whole() {
    IngestHarness h = new IngestHarness();
    var r = h.post("[" + claim("a") + ",{\"type\":\"airdrops.claim\",\"protocol\":\"b\"}]");
    assertThat(r.status()).isEqualTo(400);
    assertThat(h.samples("airdrops_claims_total")).isEmpty();
    assertThat(h.journaled).isEmpty();
    @SuppressWarnings("unchecked")
    List<Problem> errors = (List<Problem>) r.body().get("errors");
    assertThat(errors)
        .extracting(Problem::index, Problem::field)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "wallet"),
            org.assertj.core.groups.Tuple.tuple(1, "token"),
            org.assertj.core.groups.Tuple.tuple(1, "status"));
  }

  @Test
  void undeclared_fields_are_journaled_and_returned_as_warnings() {
    IngestHarness h = new IngestHarness();
    var r = h.post(claim("a").replace("}", ",\"vaule_usd\":3}"));
    assertThat(r.status()).isEqualTo(202);
    @SuppressWarnings("unchecked")
    List<Problem> warnings = (List<Problem>) r.body().get("warnings");
    assertThat(warnings).extracting(Problem::field).containsExactly("vaule_usd");
    assertThat(h.journaled.getFirst().data().path("vaule_usd").asInt()).isEqualTo(3);
  }

  @Test
  void events_carry_their_own_time_or_the_arrival_time() {
    IngestHarness h = new IngestHarness();
    h.post(claim("a").replace("{\"type\"", "{\"ts\":1795300000.5,\"type\""));
    h.post(claim("b"));
    assertThat(h.journaled.get(0).ts()).hasToString("2026-11-21T22:26:40.500Z");
    assertThat(h.journaled.get(1).ts()).isEqualTo(IngestHarness.NOW);
  }
}
