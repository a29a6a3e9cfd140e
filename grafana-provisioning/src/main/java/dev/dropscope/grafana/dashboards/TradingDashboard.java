package dev.dropscope.grafana.dashboards;

import static dev.dropscope.grafana.dashboards.Q.increase;
import static dev.dropscope.grafana.dashboards.Q.perHour;
import static dev.dropscope.grafana.dashboards.Q.perMinute;
import static dev.dropscope.grafana.dashboards.Q.quantile;
import static dev.dropscope.grafana.dashboards.Q.sel;
import static dev.dropscope.grafana.dashboards.Q.share;
import static dev.dropscope.grafana.dashboards.Q.sum;
import static dev.dropscope.grafana.model.Target.prom;
import static dev.dropscope.grafana.model.Target.sqlSeries;
import static dev.dropscope.grafana.model.Target.sqlTable;

import dev.dropscope.grafana.model.Dashboard;
import dev.dropscope.grafana.model.Panel;
import dev.dropscope.grafana.model.Row;
import dev.dropscope.grafana.model.Unit;
import java.util.List;

/**
 * The trading bot, from the {@code trading} pack: account, trades and P&amp;L, orders and
 * execution, exchange connectivity, the agents' predictions, and the long-term record in
 * PostgreSQL.
 */
final class TradingDashboard {
  private TradingDashboard() {}

  static Dashboard dashboard() {
    return new Dashboard(
        "dropscope-trading",
        "Trading",
        "The trading bot (trading pack): equity and realized P&L, trades and fees, orders and"
            + " execution time, exchange latency, connectivity and rate limits, the agents'"
            + " predictions, and the long-term record from PostgreSQL.",
        List.of("trading"),
        Q.scope("dropscope_build_info"),
        List.of(now(), trades(), orders(), exchanges(), agents(), history()),
        "now-24h");
  }

  private static Row now() {
    return Row.of(
        "Now",
        Panel.stat(
            "Equity",
            Unit.USD,
            "Account equity in USD, all accounts together.",
            prom("sum(" + sel("trading_equity_usd") + ")")),
        Panel.stat(
                "Realized P&L",
                Unit.USD,
                "Profit and loss realized since the exporters started, all symbols together.",
                prom("sum(" + sel("trading_realized_pnl_usd") + ")"))
            .withThresholds("red", 0, "green"),
        Panel.stat(
            "Trades",
            Unit.COUNT,
            "Trades executed in the time range.",
            prom("round(sum(" + increase("trading_trades_total") + "))")),
        Panel.stat(
            "Fees",
            Unit.USD,
            "Trading fees paid in the time range.",
            prom("sum(" + increase("trading_fees_usd_total") + ")")),
        Panel.stat(
            "Open positions",
            Unit.COUNT,
            "Positions open now.",
            prom("sum(" + sel("trading_open_positions") + ")")),
        Panels.downCount(
            "Exchanges disconnected",
            "Exchanges the bot has lost its connection to. TradingExchangeDisconnected fires"
                + " after a minute.",
            "trading_exchange_connected",
            "red"));
  }

  private static Row trades() {
    return Row.of(
        "Trades and P&L",
        Panel.timeseries(
            "Realized P&L by symbol",
            Unit.USD,
            "Profit and loss realized on each symbol since the exporter started.",
            prom(sum("symbol", sel("trading_realized_pnl_usd")), "{{symbol}}")),
        Panel.timeseries(
            "Equity",
            Unit.USD,
            "Account equity over time.",
            prom(sel("trading_equity_usd"), "{{instance}}")),
        Panel.timeseries(
                "Trades by exchange and side",
                Unit.PER_MINUTE,
                "Trades per minute, stacked by exchange and side.",
                prom(perMinute("exchange, side", "trading_trades_total"), "{{exchange}} {{side}}"))
            .withStacking(),
        Panel.timeseries(
                "Fees per hour by exchange",
                Unit.USD,
                "Trading fees in USD per hour, stacked by exchange.",
                prom(perHour("exchange", "trading_fees_usd_total"), "{{exchange}}"))
            .withStacking());
  }

  private static Row orders() {
    return Row.of(
        "Orders and execution",
        Panel.timeseries(
                "Orders by status",
                Unit.PER_MINUTE,
                "Orders reaching their final status per minute, stacked by status.",
                prom(perMinute("status", "trading_orders_total"), "{{status}}"))
            .withSize(8, 8)
            .withStacking(),
        Panel.timeseries(
                "Fill ratio by exchange",
                Unit.RATIO,
                "Share of each exchange's orders that were filled, fully or partly.",
                prom(
                    share(
                        "exchange",
                        "trading_orders_total",
                        "status=~\"filled|partially_filled\"",
                        false),
                    "{{exchange}}"))
            .withSize(8, 8)
            .withRange(0.0, 1.0),
        Panel.timeseries(
                "Execution time p95 by exchange",
                Unit.SECONDS,
                "95th percentile of the time from order submission to fill.",
                prom(quantile(0.95, "trading_execution_seconds", "exchange"), "{{exchange}}"))
            .withSize(8, 8));
  }

  private static Row exchanges() {
    return Row.of(
        "Exchanges",
        Panel.timeseries(
                "API latency p99 by exchange",
                Unit.SECONDS,
                "99th percentile latency of exchange API calls. TradingExchangeLatencyHigh watches"
                    + " it over 5 minutes.",
                prom(
                    quantile(0.99, "trading_exchange_latency_seconds", "exchange"), "{{exchange}}"))
            .withSize(8, 8),
        Panel.timeseries(
                "Rate-limit headroom",
                Unit.COUNT,
                "API requests left in each exchange's current rate-limit window."
                    + " TradingRateLimitLow fires when it runs low.",
                prom(sel("trading_api_rate_limit_remaining"), "{{exchange}}"))
            .withSize(8, 8),
        Panels.upDown(
            "Exchange connections",
            "Whether the bot's connection to each exchange is up.",
            "trading_exchange_connected",
            "{{exchange}}"));
  }

  private static Row agents() {
    return Row.of(
        "Agents",
        Panel.bars(
                "Prediction accuracy by agent",
                Unit.RATIO,
                "Share of each agent's scored predictions in the time range that were right.",
                prom(
                    share("agent", "trading_agent_predictions_total", "correct=\"true\"", true),
                    "{{agent}}"))
            .withRange(0.0, 1.0)
            .withThresholds("red", 0.5, "orange", 0.55, "green"),
        Panel.timeseries(
                "Agent confidence",
                Unit.RATIO,
                "Each agent's confidence in its last prediction.",
                prom(sel("trading_agent_confidence"), "{{agent}}"))
            .withSize(8, 8)
            .withRange(0.0, 1.0),
        Panel.timeseries(
                "Agent errors",
                Unit.PER_MINUTE,
                "Agent failures per minute, by agent and kind. TradingAgentFailures fires on a"
                    + " burst.",
                prom(perMinute("agent, kind", "trading_agent_errors_total"), "{{agent}} {{kind}}"))
            .withSize(8, 8));
  }

  private static Row history() {
    return Row.of(
        "History (PostgreSQL)",
        Panel.table(
                "Trading performance",
                Unit.NONE,
                "The trading record as the analytics views compute it (analytics.trading_performance).",
                sqlTable(
                    """
                    SELECT *
                    FROM analytics.trading_performance
                    """))
            .withSize(12, 8),
        Panel.timeseries(
            "Equity history",
            Unit.USD,
            "Account equity from the samples the ETL copied out of Prometheus: the long view,"
                + " beyond Prometheus's retention. Averages per interval, read from the 1-hour or"
                + " 5-minute rollups as the range allows (analytics.metric_history).",
            sqlSeries(
                """
                SELECT
                  "time",
                  labels->>'instance' AS metric,
                  avg AS equity_usd
                FROM analytics.metric_history(
                  'trading_equity_usd', $__timeFrom(), $__timeTo(), '$__interval')
                ORDER BY 1
                """)));
  }
}
