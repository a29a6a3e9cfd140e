package dev.dropscope.grafana.dashboards;

import static dev.dropscope.grafana.dashboards.Q.increase;
import static dev.dropscope.grafana.dashboards.Q.perHour;
import static dev.dropscope.grafana.dashboards.Q.perMinute;
import static dev.dropscope.grafana.dashboards.Q.quantile;
import static dev.dropscope.grafana.dashboards.Q.sel;
import static dev.dropscope.grafana.dashboards.Q.share;
import static dev.dropscope.grafana.dashboards.Q.sum;
import static dev.dropscope.grafana.model.Target.prom;

import dev.dropscope.grafana.model.Dashboard;
import dev.dropscope.grafana.model.Panel;
import dev.dropscope.grafana.model.Row;
import dev.dropscope.grafana.model.Unit;
import java.util.List;

/**
 * The airdrop bot at work, from the {@code airdrops} pack: its scheduler, its protocol
 * interactions, its claims and the health of its components.
 */
final class AirdropOperationsDashboard {
  private static final String FAILED = "status=~\"failed|timeout\"";

  private AirdropOperationsDashboard() {}

  static Dashboard dashboard() {
    return new Dashboard(
        "dropscope-airdrops",
        "Airdrop operations",
        "The airdrop bot at work (airdrops pack): scheduled tasks, protocol interactions and"
            + " their costs, claims and their outcomes, and the health of the bot's components.",
        List.of("airdrops"),
        Q.scope("dropscope_build_info"),
        List.of(overview(), scheduler(), protocols(), claims(), components()),
        "now-6h");
  }

  private static Row overview() {
    return Row.of(
        "Overview",
        Panels.downCount(
            "Components down",
            "Bot components whose last heartbeat said down, or that have been silent for"
                + " ingest.silence_after. AirdropsComponentDown fires after 2 minutes.",
            "airdrops_component_up",
            "red"),
        Panel.stat(
                "Task failure ratio",
                Unit.RATIO,
                "Share of scheduled task runs that failed or timed out, all tasks together.",
                prom(share("", "airdrops_tasks_total", FAILED, false)))
            .withRange(0.0, 1.0)
            .withThresholds("green", 0.05, "orange", 0.1, "red"),
        Panel.stat(
            "Claims",
            Unit.COUNT,
            "Claim transactions sent in the dashboard's time range, whatever their outcome.",
            prom("round(sum(" + increase("airdrops_claims_total") + "))")),
        Panel.stat(
                "Claim success ratio",
                Unit.RATIO,
                "Share of the claims in the time range that succeeded.",
                prom(share("", "airdrops_claims_total", "status=\"success\"", true)))
            .withRange(0.0, 1.0)
            .withThresholds("red", 0.7, "orange", 0.85, "green"),
        Panel.stat(
            "Claimed value",
            Unit.USD,
            "USD value of the tokens claimed successfully in the time range, at claim time.",
            prom("sum(" + increase("airdrops_claimed_value_usd_total") + ")")),
        Panel.stat(
            "Fees paid",
            Unit.USD,
            "Transaction fees paid in the time range, claims and interactions (failed ones"
                + " included).",
            prom("sum(" + increase("airdrops_fees_usd_total") + ")")));
  }

  private static Row scheduler() {
    return Row.of(
        "Scheduler",
        Panel.timeseries(
                "Scheduler tasks by state",
                Unit.COUNT,
                "Tasks queued, running and scheduled, as the scheduler last reported them."
                    + " AirdropsSchedulerBacklog fires when more than 100 wait for 15 minutes.",
                prom(sum("state", sel("airdrops_scheduler_tasks")), "{{state}}"))
            .withSize(8, 8),
        Panel.timeseries(
                "Task runs by outcome",
                Unit.PER_MINUTE,
                "Finished task runs per minute, stacked by outcome.",
                prom(perMinute("status", "airdrops_tasks_total"), "{{status}}"))
            .withSize(8, 8)
            .withStacking(),
        Panel.timeseries(
                "Task failure ratio by task",
                Unit.RATIO,
                "Share of each task's runs that failed or timed out. AirdropsTaskFailureRate fires"
                    + " above 10% over 10 minutes.",
                prom(share("task", "airdrops_tasks_total", FAILED, false), "{{task}}"))
            .withSize(8, 8)
            .withRange(0.0, 1.0),
        Panel.timeseries(
            "Task runs by task",
            Unit.PER_MINUTE,
            "Finished runs per minute of each scheduled task.",
            prom(perMinute("task", "airdrops_tasks_total"), "{{task}}")),
        Panel.timeseries(
            "Task duration p95 by task",
            Unit.SECONDS,
            "95th percentile of the time a task run took.",
            prom(quantile(0.95, "airdrops_task_duration_seconds", "task"), "{{task}}")));
  }

  private static Row protocols() {
    return Row.of(
        "Protocol interactions",
        Panel.timeseries(
                "Interactions by protocol",
                Unit.PER_MINUTE,
                "Protocol interactions (swaps, bridges, stakes, ...) confirmed per minute.",
                prom(perMinute("protocol", "airdrops_interactions_total"), "{{protocol}}"))
            .withSize(8, 8)
            .withStacking(),
        Panel.timeseries(
                "Interaction failure ratio by protocol",
                Unit.RATIO,
                "Share of each protocol's interactions that failed on chain.",
                prom(
                    share("protocol", "airdrops_interactions_total", "status=\"failed\"", false),
                    "{{protocol}}"))
            .withSize(8, 8)
            .withRange(0.0, 1.0),
        Panel.timeseries(
                "Confirmation time p95 by protocol",
                Unit.SECONDS,
                "95th percentile of the time from submitting an interaction to its confirmation.",
                prom(
                    quantile(0.95, "airdrops_interaction_duration_seconds", "protocol"),
                    "{{protocol}}"))
            .withSize(8, 8),
        Panel.timeseries(
                "Fees per hour by protocol",
                Unit.USD,
                "Transaction fees in USD per hour, claims and interactions, stacked by protocol."
                    + " AirdropsFeeSpendSpike compares the last hour with the day's average.",
                prom(perHour("protocol", "airdrops_fees_usd_total"), "{{protocol}}"))
            .withStacking(),
        Panel.timeseries(
            "Gas used by protocol",
            Unit.COUNT,
            "Gas units consumed per minute by each protocol's claims and interactions.",
            prom(perMinute("protocol", "airdrops_gas_used_total"), "{{protocol}}")));
  }

  private static Row claims() {
    return Row.of(
        "Claims",
        Panel.bars(
            "Claims by protocol and outcome",
            Unit.COUNT,
            "Claims sent in the time range, by protocol and outcome.",
            prom(
                "round(" + sum("protocol, status", increase("airdrops_claims_total")) + ")",
                "{{protocol}} {{status}}")),
        Panel.bars(
                "Claim success ratio by protocol",
                Unit.RATIO,
                "Share of each protocol's claims in the time range that succeeded."
                    + " AirdropsClaimFailureRate watches the failures over 30 minutes.",
                prom(
                    share("protocol", "airdrops_claims_total", "status=\"success\"", true),
                    "{{protocol}}"))
            .withRange(0.0, 1.0)
            .withThresholds("red", 0.7, "orange", 0.85, "green"),
        Panel.bars(
            "Claimed value by protocol",
            Unit.USD,
            "USD value claimed successfully in the time range, by protocol.",
            prom(sum("protocol", increase("airdrops_claimed_value_usd_total")), "{{protocol}}")),
        Panel.timeseries(
                "Claims per hour by outcome",
                Unit.COUNT,
                "Claims per hour, stacked by outcome. Claims are rare: widen the time range to see"
                    + " a trend.",
                prom(perHour("status", "airdrops_claims_total"), "{{status}}"))
            .withSize(24, 8)
            .withStacking());
  }

  private static Row components() {
    return Row.of(
        "Components",
        Panels.upDown(
            "Component status",
            "Each component's last heartbeat: up (or degraded) or down. A component silent for"
                + " ingest.silence_after shows down.",
            "airdrops_component_up",
            "{{component}}"),
        Panels.heartbeatAge(
            "Seconds since each component's last heartbeat. Heartbeats are expected every few"
                + " seconds to a minute.",
            "airdrops_component_last_seen_timestamp_seconds",
            "{{component}}"),
        Panel.timeseries(
                "Component errors by kind",
                Unit.PER_MINUTE,
                "Errors components reported per minute, by component and kind."
                    + " AirdropsComponentErrors fires on a sustained rate.",
                prom(
                    perMinute("component, kind", "airdrops_component_errors_total"),
                    "{{component}} {{kind}}"))
            .withSize(8, 8));
  }
}
