package dev.dropscope.grafana.dashboards;

import static dev.dropscope.grafana.dashboards.Q.rate;
import static dev.dropscope.grafana.dashboards.Q.sel;
import static dev.dropscope.grafana.dashboards.Q.sum;
import static dev.dropscope.grafana.model.Target.prom;

import dev.dropscope.grafana.model.Dashboard;
import dev.dropscope.grafana.model.Panel;
import dev.dropscope.grafana.model.Row;
import dev.dropscope.grafana.model.Unit;
import dev.dropscope.grafana.model.ValueMapping;
import java.util.List;

/**
 * Risk as the bots' risk managers see it: the airdrop bot's risk level, circuit breaker, drawdown
 * and exposure, and the trading bot's drawdown, leverage and exposure.
 */
final class RiskDashboard {
  private RiskDashboard() {}

  static Dashboard dashboard() {
    return new Dashboard(
        "dropscope-risk",
        "Risk management",
        "The risk managers' view: the airdrop bot's risk level, circuit breaker, drawdown and"
            + " exposure by protocol, and the trading bot's drawdown, leverage and exposure.",
        List.of("airdrops", "trading", "risk"),
        Q.scope("dropscope_build_info"),
        List.of(now(), airdropRisk(), tradingRisk()),
        "now-24h");
  }

  private static ValueMapping[] riskLevels() {
    return new ValueMapping[] {
      new ValueMapping("0", "low", "green"),
      new ValueMapping("1", "medium", "yellow"),
      new ValueMapping("2", "high", "orange"),
      new ValueMapping("3", "critical", "red")
    };
  }

  private static Row now() {
    String exposure = sel("airdrops_risk_exposure_usd");
    return Row.of(
        "Now",
        Panel.stat(
                "Risk level",
                Unit.NONE,
                "The airdrop risk manager's level: low, medium, high or critical (the worst"
                    + " instance). AirdropsRiskLevelCritical fires at critical.",
                prom("max(" + sel("airdrops_risk_level") + ")"))
            .withMappings(riskLevels())
            .withThresholds("green", 1, "yellow", 2, "orange", 3, "red"),
        Panel.stat(
                "Circuit breaker",
                Unit.NONE,
                "Open when the risk manager has halted farming; AirdropsCircuitBreakerActive fires"
                    + " after a minute open.",
                prom("max(" + sel("airdrops_circuit_breaker_active") + ")"))
            .withMappings(
                new ValueMapping("0", "closed", "green"), new ValueMapping("1", "open", "red"))
            .withThresholds("green", 1, "red"),
        Panel.gauge(
                "Drawdown",
                Unit.RATIO,
                "The portfolio's drawdown from its peak (the worst instance). AirdropsDrawdownHigh"
                    + " fires above 10%.",
                prom("max(" + sel("airdrops_drawdown_ratio") + ")"))
            .withRange(0.0, 0.5)
            .withThresholds("green", 0.05, "yellow", 0.1, "orange", 0.2, "red"),
        Panel.stat(
            "Exposure",
            Unit.USD,
            "Capital exposed to protocols in USD, all protocols together.",
            prom("sum(" + exposure + ")")),
        Panel.stat(
                "Largest protocol share",
                Unit.RATIO,
                "The biggest protocol's share of the exposure: how concentrated the risk is.",
                prom("max(" + sum("protocol", exposure) + ") / sum(" + exposure + ")"))
            .withRange(0.0, 1.0)
            .withThresholds("green", 0.4, "orange", 0.6, "red"),
        Panel.stat(
                "Failed transactions",
                Unit.PER_MINUTE,
                "Failed interactions and claims per minute: a run of failures is what usually"
                    + " trips a circuit breaker.",
                prom(
                    "60 * ((sum("
                        + rate("airdrops_interactions_total", "status=\"failed\"")
                        + ") or vector(0)) + (sum("
                        + rate("airdrops_claims_total", "status=\"failed\"")
                        + ") or vector(0)))"))
            .withThresholds("green", 1, "orange", 5, "red"));
  }

  private static Row airdropRisk() {
    String exposure = sel("airdrops_risk_exposure_usd");
    return Row.of(
        "Airdrop bot",
        Panel.timeseries(
                "Risk level and circuit breaker",
                Unit.NONE,
                "Risk level (0 low, 1 medium, 2 high, 3 critical) and the circuit breaker (1 open)"
                    + " over time.",
                prom("max(" + sel("airdrops_risk_level") + ")", "risk level"),
                prom("max(" + sel("airdrops_circuit_breaker_active") + ")", "circuit breaker open"))
            .withRange(0.0, 3.0),
        Panel.timeseries(
                "Drawdown",
                Unit.RATIO,
                "Drawdown from the portfolio's peak over time. AirdropsDrawdownHigh fires above"
                    + " 10%.",
                prom(sel("airdrops_drawdown_ratio"), "{{instance}}"))
            .withRange(0.0, null),
        Panel.timeseries(
                "Exposure by protocol",
                Unit.USD,
                "Capital exposed to each protocol in USD, stacked.",
                prom(sum("protocol", exposure), "{{protocol}}"))
            .withStacking(),
        Panel.bars(
                "Exposure share by protocol",
                Unit.RATIO,
                "Each protocol's share of the exposure now.",
                prom(
                    sum("protocol", exposure) + " / scalar(sum(" + exposure + "))", "{{protocol}}"))
            .withSize(12, 8)
            .withRange(0.0, 1.0)
            .withThresholds("green", 0.4, "orange", 0.6, "red"));
  }

  private static Row tradingRisk() {
    return Row.of(
        "Trading bot",
        Panel.timeseries(
                "Trading drawdown",
                Unit.RATIO,
                "The trading account's drawdown from its equity peak. TradingDrawdownHigh watches"
                    + " it.",
                prom(sel("trading_drawdown_ratio"), "{{instance}}"))
            .withRange(0.0, null),
        Panel.timeseries(
            "Leverage",
            Unit.NONE,
            "Gross exposure divided by equity. TradingLeverageHigh watches it.",
            prom(sel("trading_leverage_ratio"), "{{instance}}")),
        Panel.timeseries(
            "Exposure and equity",
            Unit.USD,
            "Gross open exposure against account equity, in USD.",
            prom(sel("trading_exposure_usd"), "{{instance}} exposure"),
            prom(sel("trading_equity_usd"), "{{instance}} equity")),
        Panel.timeseries(
            "Open positions",
            Unit.COUNT,
            "Positions the trading bot holds open.",
            prom(sel("trading_open_positions"), "{{instance}}")));
  }
}
