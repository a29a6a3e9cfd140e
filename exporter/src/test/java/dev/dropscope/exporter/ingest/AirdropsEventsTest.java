package dev.dropscope.exporter.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every airdrops event type moves exactly the metrics the pack contract names, by exact values. */
class AirdropsEventsTest {
  private final IngestHarness h = new IngestHarness();

  private void accepted(String json) {
    var r = h.post(json);
    assertThat(r.status()).as("response %s", r.body()).isEqualTo(202);
  }

  @Test
  void claim_counts_by_status_adds_value_only_on_success_and_fees_always() {
    accepted(
        """
        [{"type":"airdrops.claim","protocol":"zksync","wallet":"0xa","token":"ZK","status":"success","value_usd":100.5,"fee_usd":1.25,"gas_used":21000},
         {"type":"airdrops.claim","protocol":"zksync","wallet":"0xa","token":"ZK","status":"failed","value_usd":50,"fee_usd":0.75}]
        """);
    assertThat(h.samples("airdrops_claims_total"))
        .containsExactlyInAnyOrder(
            "airdrops_claims_total{protocol=\"zksync\",status=\"failed\"} 1.0",
            "airdrops_claims_total{protocol=\"zksync\",status=\"success\"} 1.0");
    assertThat(h.samples("airdrops_claimed_value_usd_total"))
        .containsExactly(
            "airdrops_claimed_value_usd_total{protocol=\"zksync\",token=\"ZK\"} 100.5");
    assertThat(h.samples("airdrops_fees_usd_total"))
        .containsExactly("airdrops_fees_usd_total{protocol=\"zksync\"} 2.0");
    assertThat(h.samples("airdrops_gas_used_total"))
        .containsExactly("airdrops_gas_used_total{protocol=\"zksync\"} 21000.0");
    assertThat(h.journaled).hasSize(2);
  }

  @Test
  void claim_amounts_reach_the_journal_exactly_as_sent_and_metrics_as_the_nearest_double() {
    accepted(
        """
        {"type":"airdrops.claim","protocol":"zksync","wallet":"0xa","token":"ZK","status":"success","amount":1520.123456789012345678,"value_usd":178.120000,"fee_usd":0.1}
        """);
    var data = h.journaled.getFirst().data();
    assertThat(data.get("amount").decimalValue())
        .isEqualTo(new java.math.BigDecimal("1520.123456789012345678"));
    assertThat(data.get("value_usd").decimalValue().toPlainString()).isEqualTo("178.120000");
    assertThat(h.samples("airdrops_claimed_value_usd_total"))
        .containsExactly(
            "airdrops_claimed_value_usd_total{protocol=\"zksync\",token=\"ZK\"} 178.12");
  }

  @Test
  void interaction_counts_adds_fees_and_observes_duration() {
    accepted(
        """
        {"type":"airdrops.interaction","protocol":"scroll","wallet":"0xb","action":"swap","status":"success","fee_usd":0.1,"duration_seconds":3.2}
        """);
    assertThat(h.samples("airdrops_interactions_total"))
        .containsExactly(
            "airdrops_interactions_total{action=\"swap\",protocol=\"scroll\",status=\"success\"} 1.0");
    assertThat(h.samples("airdrops_fees_usd_total"))
        .containsExactly("airdrops_fees_usd_total{protocol=\"scroll\"} 0.1");
    assertThat(h.samples("airdrops_interaction_duration_seconds_bucket"))
        .contains(
            "airdrops_interaction_duration_seconds_bucket{action=\"swap\",protocol=\"scroll\",le=\"2.5\"} 0",
            "airdrops_interaction_duration_seconds_bucket{action=\"swap\",protocol=\"scroll\",le=\"5.0\"} 1",
            "airdrops_interaction_duration_seconds_bucket{action=\"swap\",protocol=\"scroll\",le=\"+Inf\"} 1");
    assertThat(h.samples("airdrops_interaction_duration_seconds_sum"))
        .containsExactly(
            "airdrops_interaction_duration_seconds_sum{action=\"swap\",protocol=\"scroll\"} 3.2");
    assertThat(h.journaled).hasSize(1);
  }

  @Test
  void task_counts_by_status_and_observes_duration_without_journaling() {
    accepted(
        "{\"type\":\"airdrops.task\",\"task\":\"farm_zksync\",\"status\":\"timeout\",\"duration_seconds\":60}");
    assertThat(h.samples("airdrops_tasks_total"))
        .containsExactly("airdrops_tasks_total{status=\"timeout\",task=\"farm_zksync\"} 1.0");
    assertThat(h.samples("airdrops_task_duration_seconds_count"))
        .containsExactly("airdrops_task_duration_seconds_count{task=\"farm_zksync\"} 1");
    assertThat(h.journaled).isEmpty();
  }

  @Test
  void scheduler_sets_one_gauge_per_state() {
    accepted("{\"type\":\"airdrops.scheduler\",\"queued\":4,\"running\":2,\"scheduled\":17}");
    assertThat(h.samples("airdrops_scheduler_tasks"))
        .containsExactlyInAnyOrder(
            "airdrops_scheduler_tasks{state=\"queued\"} 4.0",
            "airdrops_scheduler_tasks{state=\"running\"} 2.0",
            "airdrops_scheduler_tasks{state=\"scheduled\"} 17.0");
  }

  @Test
  void risk_maps_level_to_0_to_3_breaker_to_1_and_exposure_per_protocol() {
    accepted(
        """
        {"type":"airdrops.risk","level":"critical","circuit_breaker":true,"exposure_usd":{"zksync":1000,"scroll":50.5},"drawdown_ratio":0.12}
        """);
    assertThat(h.samples("airdrops_risk_level")).containsExactly("airdrops_risk_level 3.0");
    assertThat(h.samples("airdrops_circuit_breaker_active"))
        .containsExactly("airdrops_circuit_breaker_active 1.0");
    assertThat(h.samples("airdrops_risk_exposure_usd"))
        .containsExactlyInAnyOrder(
            "airdrops_risk_exposure_usd{protocol=\"scroll\"} 50.5",
            "airdrops_risk_exposure_usd{protocol=\"zksync\"} 1000.0");
    assertThat(h.samples("airdrops_drawdown_ratio"))
        .containsExactly("airdrops_drawdown_ratio 0.12");
    accepted("{\"type\":\"airdrops.risk\",\"level\":\"low\",\"circuit_breaker\":false}");
    assertThat(h.samples("airdrops_risk_level")).containsExactly("airdrops_risk_level 0.0");
    assertThat(h.samples("airdrops_circuit_breaker_active"))
        .containsExactly("airdrops_circuit_breaker_active 0.0");
  }

  @Test
  void allocation_sets_capital_utilization_and_ratio_per_protocol() {
    accepted(
        "{\"type\":\"airdrops.allocation\",\"capital_usd\":25000,\"utilization_ratio\":0.8,\"allocations\":{\"zksync\":0.5,\"linea\":0.3}}");
    assertThat(h.samples("airdrops_capital_usd")).containsExactly("airdrops_capital_usd 25000.0");
    assertThat(h.samples("airdrops_capital_utilization_ratio"))
        .containsExactly("airdrops_capital_utilization_ratio 0.8");
    assertThat(h.samples("airdrops_capital_allocation_ratio"))
        .containsExactlyInAnyOrder(
            "airdrops_capital_allocation_ratio{protocol=\"linea\"} 0.3",
            "airdrops_capital_allocation_ratio{protocol=\"zksync\"} 0.5");
  }

  @Test
  void portfolio_sets_value_per_wallet_and_token_and_is_journaled() {
    accepted(
        """
        {"type":"airdrops.portfolio","wallet":"0xa","positions":[{"token":"ETH","amount":1.5,"value_usd":4500},{"token":"ZK","value_usd":120}]}
        """);
    assertThat(h.samples("airdrops_portfolio_value_usd"))
        .containsExactlyInAnyOrder(
            "airdrops_portfolio_value_usd{token=\"ETH\",wallet=\"0xa\"} 4500.0",
            "airdrops_portfolio_value_usd{token=\"ZK\",wallet=\"0xa\"} 120.0");
    assertThat(h.journaled)
        .singleElement()
        .satisfies(e -> assertThat(e.data().path("positions").size()).isEqualTo(2));
  }

  @Test
  void price_sets_the_token_price() {
    accepted("{\"type\":\"airdrops.price\",\"token\":\"ETH\",\"usd\":3012.25}");
    assertThat(h.samples("airdrops_token_price_usd"))
        .containsExactly("airdrops_token_price_usd{token=\"ETH\"} 3012.25");
  }

  @Test
  void heartbeat_sets_up_and_last_seen_and_up_falls_to_0_after_the_silence() {
    accepted(
        "{\"type\":\"airdrops.heartbeat\",\"component\":\"scheduler\",\"ts\":\"2026-11-22T11:59:30Z\"}");
    assertThat(h.samples("airdrops_component_up"))
        .containsExactly("airdrops_component_up{component=\"scheduler\"} 1.0");
    assertThat(h.samples("airdrops_component_last_seen_timestamp_seconds"))
        .containsExactly(
            "airdrops_component_last_seen_timestamp_seconds{component=\"scheduler\"} 1.79534877E9");
    h.advance(Duration.ofMinutes(2).plusSeconds(1));
    assertThat(h.samples("airdrops_component_up"))
        .containsExactly("airdrops_component_up{component=\"scheduler\"} 0.0");
  }

  @Test
  void heartbeat_reporting_down_sets_up_to_0() {
    accepted("{\"type\":\"airdrops.heartbeat\",\"component\":\"claimer\",\"status\":\"down\"}");
    assertThat(h.samples("airdrops_component_up"))
        .containsExactly("airdrops_component_up{component=\"claimer\"} 0.0");
    assertThat(h.components.status("claimer"))
        .hasValueSatisfying(b -> assertThat(b.status()).isEqualTo("down"));
  }

  @Test
  void error_counts_by_component_and_kind() {
    accepted(
        "{\"type\":\"airdrops.error\",\"component\":\"claimer\",\"kind\":\"rpc_timeout\",\"message\":\"no answer\"}");
    accepted("{\"type\":\"airdrops.error\",\"component\":\"claimer\",\"kind\":\"rpc_timeout\"}");
    assertThat(h.samples("airdrops_component_errors_total"))
        .containsExactly(
            "airdrops_component_errors_total{component=\"claimer\",kind=\"rpc_timeout\"} 2.0");
  }

  @Test
  void a_repeated_id_is_acknowledged_but_applied_once() {
    String claim =
        "{\"type\":\"airdrops.claim\",\"id\":\"c-1\",\"protocol\":\"zksync\",\"wallet\":\"0xa\",\"token\":\"ZK\",\"status\":\"success\",\"value_usd\":10}";
    accepted(claim);
    var again = h.post(claim);
    assertThat(again.status()).isEqualTo(202);
    assertThat(again.body()).containsEntry("accepted", 1).containsEntry("duplicates", 1);
    assertThat(h.samples("airdrops_claims_total"))
        .containsExactly("airdrops_claims_total{protocol=\"zksync\",status=\"success\"} 1.0");
    assertThat(h.journaled).hasSize(1);
  }
}
