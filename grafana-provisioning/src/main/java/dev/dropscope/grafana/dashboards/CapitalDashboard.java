package dev.dropscope.grafana.dashboards;

import static dev.dropscope.grafana.dashboards.Q.increase;
import static dev.dropscope.grafana.dashboards.Q.perHour;
import static dev.dropscope.grafana.dashboards.Q.sel;
import static dev.dropscope.grafana.dashboards.Q.sum;
import static dev.dropscope.grafana.model.Target.prom;

import dev.dropscope.grafana.model.Dashboard;
import dev.dropscope.grafana.model.Panel;
import dev.dropscope.grafana.model.Row;
import dev.dropscope.grafana.model.Unit;
import java.util.List;

/**
 * The capital allocator: capital under management, how much of it is deployed, the target
 * allocation by protocol against the actual exposure, and what the spending brings back.
 */
final class CapitalDashboard {
  private static final String DEPLOYED =
      sel("airdrops_capital_usd") + " * " + sel("airdrops_capital_utilization_ratio");

  private CapitalDashboard() {}

  static Dashboard dashboard() {
    return new Dashboard(
        "dropscope-capital",
        "Capital allocation",
        "The airdrop bot's capital allocator: capital managed and deployed, utilization, the target"
            + " allocation by protocol against the actual exposure, and claimed value against fees.",
        List.of("airdrops", "capital"),
        Q.scope("dropscope_build_info"),
        List.of(now(), allocation(), returns()),
        "now-24h");
  }

  private static Row now() {
    String allocation = sel("airdrops_capital_allocation_ratio");
    return Row.of(
        "Now",
        Panel.stat(
            "Managed capital",
            Unit.USD,
            "Capital under the allocator's management in USD.",
            prom("sum(" + sel("airdrops_capital_usd") + ")")),
        Panel.gauge(
                "Utilization",
                Unit.RATIO,
                "Share of the managed capital deployed now. AirdropsCapitalUtilizationHigh fires"
                    + " above 95% for 15 minutes.",
                prom("avg(" + sel("airdrops_capital_utilization_ratio") + ")"))
            .withRange(0.0, 1.0)
            .withThresholds("green", 0.85, "orange", 0.95, "red"),
        Panel.stat(
            "Deployed capital",
            Unit.USD,
            "Managed capital times utilization: what is at work in protocols.",
            prom("sum(" + DEPLOYED + ")")),
        Panel.stat(
                "Reserve",
                Unit.RATIO,
                "Share of the capital the target allocation keeps out of every protocol (1 - the"
                    + " sum of the targets).",
                prom("1 - " + sum("instance, job", allocation), "{{instance}}"))
            .withRange(0.0, 1.0)
            .withThresholds("red", 0.03, "green"),
        Panel.stat(
            "Portfolio value",
            Unit.USD,
            "All wallets' token positions at the last portfolio snapshot, in USD.",
            prom("sum(" + sel("airdrops_portfolio_value_usd") + ")")),
        Panel.stat(
            "Protocols funded",
            Unit.COUNT,
            "Protocols with a target allocation above zero.",
            prom("count(" + allocation + " > 0)")));
  }

  private static Row allocation() {
    String allocation = sel("airdrops_capital_allocation_ratio");
    String exposure = sel("airdrops_risk_exposure_usd");
    return Row.of(
        "Allocation",
        Panel.bars(
                "Target allocation by protocol",
                Unit.RATIO,
                "Share of the capital the allocator targets for each protocol now.",
                prom("avg by (protocol) (" + allocation + ")", "{{protocol}}"))
            .withRange(0.0, 1.0),
        Panel.timeseries(
                "Target allocation over time",
                Unit.RATIO,
                "Each protocol's target share, stacked; the gap to 100% is the reserve.",
                prom("avg by (protocol) (" + allocation + ")", "{{protocol}}"))
            .withSize(16, 8)
            .withStacking()
            .withRange(0.0, 1.0),
        Panel.timeseries(
            "Actual minus target share",
            Unit.RATIO,
            "Each protocol's share of the exposure minus its target allocation: above zero the bot"
                + " holds more of it than planned.",
            prom(
                sum("instance, job, protocol", exposure)
                    + " / on (instance, job) group_left "
                    + sum("instance, job", exposure)
                    + " - on (instance, job, protocol) "
                    + sum("instance, job, protocol", allocation),
                "{{protocol}}")),
        Panel.timeseries(
            "Capital and utilization",
            Unit.USD,
            "Managed capital, the deployed part of it, and the portfolio's value, in USD.",
            prom("sum(" + sel("airdrops_capital_usd") + ")", "managed"),
            prom("sum(" + DEPLOYED + ")", "deployed"),
            prom("sum(" + sel("airdrops_portfolio_value_usd") + ")", "portfolio value")));
  }

  private static Row returns() {
    String claimed = sum("protocol", increase("airdrops_claimed_value_usd_total"));
    String fees = sum("protocol", increase("airdrops_fees_usd_total"));
    return Row.of(
        "Returns on spending",
        Panel.bars(
            "Claimed value per USD of fees",
            Unit.NONE,
            "USD claimed for each USD paid in fees in the time range, by protocol; below 1 a"
                + " protocol costs more than it has paid out so far.",
            prom("(" + claimed + " or 0 * " + fees + ") / " + fees, "{{protocol}}")),
        Panel.timeseries(
                "Claimed value and fees per hour",
                Unit.USD,
                "USD claimed against USD paid in fees, per hour.",
                prom(perHour("", "airdrops_claimed_value_usd_total"), "claimed"),
                prom(perHour("", "airdrops_fees_usd_total"), "fees"))
            .withSize(16, 8));
  }
}
