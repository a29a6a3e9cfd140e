package dev.dropscope.exporter.pack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The packs that ship pass every check and keep the names the contract fixes. */
class BuiltInPacksTest {
  private final Packs packs = Packs.load(Packs.BUILT_IN, null);

  @Test
  void every_built_in_pack_loads() {
    assertThat(packs.all())
        .extracting(Pack::name)
        .containsExactly("airdrops", "trading", "gateway");
  }

  @Test
  void airdrops_declares_the_contract_event_types() {
    assertThat(packs.events())
        .extracting(Pack.EventType::type)
        .contains(
            "airdrops.claim",
            "airdrops.interaction",
            "airdrops.task",
            "airdrops.scheduler",
            "airdrops.risk",
            "airdrops.allocation",
            "airdrops.portfolio",
            "airdrops.price",
            "airdrops.heartbeat",
            "airdrops.error");
  }

  @Test
  void claims_interactions_and_portfolio_are_journaled_and_tasks_are_not() {
    assertThat(packs.event("airdrops.claim").orElseThrow().journaled()).isTrue();
    assertThat(packs.event("airdrops.interaction").orElseThrow().journaled()).isTrue();
    assertThat(packs.event("airdrops.portfolio").orElseThrow().journaled()).isTrue();
    assertThat(packs.event("trading.trade").orElseThrow().journaled()).isTrue();
    assertThat(packs.event("gateway.transaction").orElseThrow().journaled()).isTrue();
    assertThat(packs.event("airdrops.task").orElseThrow().journaled()).isFalse();
  }

  @Test
  void airdrops_declares_the_contract_metric_names() {
    Pack airdrops = packs.all().iterator().next();
    assertThat(airdrops.metrics())
        .extracting(Pack.Metric::name)
        .containsAll(
            List.of(
                "airdrops_claims_total",
                "airdrops_claimed_value_usd_total",
                "airdrops_fees_usd_total",
                "airdrops_interactions_total",
                "airdrops_interaction_duration_seconds",
                "airdrops_tasks_total",
                "airdrops_task_duration_seconds",
                "airdrops_scheduler_tasks",
                "airdrops_risk_level",
                "airdrops_circuit_breaker_active",
                "airdrops_risk_exposure_usd",
                "airdrops_drawdown_ratio",
                "airdrops_capital_usd",
                "airdrops_capital_utilization_ratio",
                "airdrops_capital_allocation_ratio",
                "airdrops_portfolio_value_usd",
                "airdrops_token_price_usd",
                "airdrops_component_up",
                "airdrops_component_last_seen_timestamp_seconds",
                "airdrops_component_errors_total"));
  }
}
