package dev.dropscope.grafana.dashboards;

import static dev.dropscope.grafana.model.Target.sqlSeries;
import static dev.dropscope.grafana.model.Target.sqlTable;

import dev.dropscope.grafana.model.Dashboard;
import dev.dropscope.grafana.model.FieldOverride;
import dev.dropscope.grafana.model.Panel;
import dev.dropscope.grafana.model.Row;
import dev.dropscope.grafana.model.Unit;
import java.util.List;

/**
 * The airdrop analytics from PostgreSQL (views of the {@code analytics} schema the ETL fills):
 * claim success, return on investment per protocol, the cost breakdown, the timing forecast and the
 * optimizer's suggestions.
 */
final class AirdropAnalyticsDashboard {
  private AirdropAnalyticsDashboard() {}

  static Dashboard dashboard() {
    return new Dashboard(
        "dropscope-airdrop-analytics",
        "Airdrop analytics",
        "The long view of airdrop farming, from the analytics views in PostgreSQL: claim success,"
            + " revenue, cost and ROI per protocol, the cost breakdown, when the next airdrops are"
            + " likely, and suggestions to farm better.",
        List.of("airdrops", "analytics"),
        List.of(),
        List.of(claims(), roi(), costs(), outlook()),
        "now-30d");
  }

  private static Row claims() {
    return Row.of(
        "Claims",
        Panel.bars(
                "Claim success by protocol",
                Unit.RATIO,
                "Share of each protocol's claim attempts that succeeded, over all loaded history"
                    + " (analytics.claim_success_rate).",
                sqlTable(
                    """
                    SELECT protocol, success_rate
                    FROM analytics.claim_success_rate
                    ORDER BY success_rate DESC
                    """))
            .withRange(0.0, 1.0)
            .withThresholds("red", 0.7, "orange", 0.85, "green"),
        Panel.table(
                "Claim attempts by protocol",
                Unit.COUNT,
                "Claim attempts, successes and success rate per protocol"
                    + " (analytics.claim_success_rate).",
                sqlTable(
                    """
                    SELECT protocol, attempts, successes, success_rate
                    FROM analytics.claim_success_rate
                    ORDER BY attempts DESC
                    """))
            .withSize(8, 8)
            .withOverrides(FieldOverride.unit("success_rate", Unit.RATIO)),
        Panel.timeseries(
                "Claim success by day",
                Unit.RATIO,
                "Daily share of claim attempts that succeeded, per protocol; longer buckets sum the"
                    + " days in them (analytics.claim_success_daily).",
                sqlSeries(
                    """
                    SELECT
                      $__timeGroupAlias(day, $__interval),
                      protocol AS metric,
                      sum(successes)::double precision / nullif(sum(attempts), 0) AS success_rate
                    FROM analytics.claim_success_daily
                    WHERE $__timeFilter(day)
                    GROUP BY 1, 2
                    ORDER BY 1
                    """))
            .withSize(8, 8)
            .withRange(0.0, 1.0)
            .withMinInterval("1d"));
  }

  private static Row roi() {
    return Row.of(
        "Return on investment",
        Panel.bars(
                "ROI by protocol",
                Unit.RATIO,
                "Profit over cost for each protocol: claimed revenue minus the fees and costs spent"
                    + " farming it, divided by those costs (analytics.protocol_roi).",
                sqlTable(
                    """
                    SELECT protocol, roi
                    FROM analytics.protocol_roi
                    ORDER BY roi DESC
                    """))
            .withThresholds("red", 0, "green"),
        Panel.table(
                "Revenue, cost and profit by protocol",
                Unit.USD,
                "What each protocol paid out, what farming it cost, the profit and the ROI"
                    + " (analytics.protocol_roi).",
                sqlTable(
                    """
                    SELECT protocol, revenue_usd, cost_usd, profit_usd, roi
                    FROM analytics.protocol_roi
                    ORDER BY profit_usd DESC
                    """))
            .withSize(16, 8)
            .withOverrides(FieldOverride.unit("roi", Unit.RATIO)));
  }

  private static Row costs() {
    return Row.of(
        "Costs",
        Panel.bars(
            "Cost by cost model",
            Unit.USD,
            "Total cost per cost model, all protocols together (analytics.protocol_roi_by_model).",
            sqlTable(
                """
                SELECT cost_model, sum(cost_usd) AS cost_usd
                FROM analytics.protocol_roi_by_model
                GROUP BY cost_model
                ORDER BY cost_usd DESC
                """)),
        Panel.table(
                "Cost breakdown by protocol and cost model",
                Unit.USD,
                "Revenue, cost, profit and ROI of each protocol under each cost model"
                    + " (analytics.protocol_roi_by_model).",
                sqlTable(
                    """
                    SELECT protocol, cost_model, cost_usd, revenue_usd, profit_usd, roi
                    FROM analytics.protocol_roi_by_model
                    ORDER BY protocol, cost_model
                    """))
            .withSize(16, 8)
            .withOverrides(FieldOverride.unit("roi", Unit.RATIO)));
  }

  private static Row outlook() {
    return Row.of(
        "Outlook",
        Panel.table(
                "Next airdrop windows",
                Unit.NONE,
                "When each protocol's next airdrop event is likely, from the intervals between its"
                    + " past events, with the forecast's confidence"
                    + " (analytics.airdrop_timing_forecast).",
                sqlTable(
                    """
                    SELECT protocol, last_event, mean_interval, next_window_start,
                      next_window_end, confidence
                    FROM analytics.airdrop_timing_forecast
                    ORDER BY next_window_start
                    """))
            .withSize(12, 8)
            .withOverrides(FieldOverride.unit("confidence", Unit.RATIO)),
        Panel.table(
                "Optimization suggestions",
                Unit.NONE,
                "What the optimizer suggests changing, per strategy and protocol, with the expected"
                    + " impact in USD (analytics.optimization_suggestions).",
                sqlTable(
                    """
                    SELECT priority, strategy, protocol, suggestion, expected_impact_usd
                    FROM analytics.optimization_suggestions
                    ORDER BY expected_impact_usd DESC
                    """))
            .withSize(12, 8)
            .withOverrides(FieldOverride.unit("expected_impact_usd", Unit.USD)));
  }
}
