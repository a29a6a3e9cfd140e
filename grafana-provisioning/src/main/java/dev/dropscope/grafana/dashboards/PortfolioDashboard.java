package dev.dropscope.grafana.dashboards;

import static dev.dropscope.grafana.dashboards.Q.sel;
import static dev.dropscope.grafana.dashboards.Q.sum;
import static dev.dropscope.grafana.model.Target.prom;
import static dev.dropscope.grafana.model.Target.sqlSeries;
import static dev.dropscope.grafana.model.Target.sqlTable;

import dev.dropscope.grafana.model.Dashboard;
import dev.dropscope.grafana.model.FieldOverride;
import dev.dropscope.grafana.model.Panel;
import dev.dropscope.grafana.model.Row;
import dev.dropscope.grafana.model.Unit;
import java.util.List;

/**
 * The portfolio: live positions from Prometheus, and from PostgreSQL the value over time,
 * concentration (HHI), risk (VaR, CVaR, drawdown, Sharpe, Sortino) and the benchmark comparison.
 */
final class PortfolioDashboard {
  private static final String VALUE = sel("airdrops_portfolio_value_usd");

  private PortfolioDashboard() {}

  static Dashboard dashboard() {
    return new Dashboard(
        "dropscope-portfolio",
        "Portfolio",
        "The wallets' portfolio: live value by token and wallet (Prometheus), and from the"
            + " analytics views in PostgreSQL the value over time, concentration, risk and how it"
            + " compares with benchmarks.",
        List.of("airdrops", "portfolio", "analytics"),
        Q.scope("dropscope_build_info"),
        List.of(live(), liveBreakdown(), history(), concentration(), risk(), benchmark()),
        "now-30d");
  }

  private static Row live() {
    String byToken = sum("token", VALUE);
    return Row.of(
        "Now (Prometheus)",
        Panel.stat(
            "Portfolio value",
            Unit.USD,
            "All wallets' positions at the last portfolio snapshot, in USD.",
            prom("sum(" + VALUE + ")")),
        Panel.stat(
            "Tokens held",
            Unit.COUNT,
            "Tokens with a position above zero in any wallet.",
            prom("count(" + sum("token", VALUE) + " > 0)")),
        Panel.stat(
            "Wallets",
            Unit.COUNT,
            "Wallets in the last portfolio snapshots.",
            prom("count(" + sum("wallet", VALUE) + ")")),
        Panel.stat(
                "Concentration (HHI)",
                Unit.NONE,
                "Herfindahl-Hirschman index of the token positions now: the sum of squared shares,"
                    + " 1 for a single token, 1/N for N equal ones.",
                prom("sum((" + byToken + " / scalar(sum(" + VALUE + "))) ^ 2)"))
            .withRange(0.0, 1.0)
            .withThresholds("green", 0.25, "orange", 0.5, "red"),
        Panel.stat(
                "Largest position",
                Unit.RATIO,
                "The biggest token position's share of the portfolio now.",
                prom("max(" + byToken + ") / scalar(sum(" + VALUE + "))"))
            .withRange(0.0, 1.0)
            .withThresholds("green", 0.4, "orange", 0.6, "red"),
        Panel.stat(
            "Tracked token prices",
            Unit.COUNT,
            "Tokens the bot reports prices for.",
            prom("count(" + sel("airdrops_token_price_usd") + ")")));
  }

  private static Row liveBreakdown() {
    return Row.of(
        "Positions (Prometheus)",
        Panel.timeseries(
                "Value by token",
                Unit.USD,
                "Each token's value over all wallets, stacked; it moves with prices and at each"
                    + " portfolio snapshot.",
                prom(sum("token", VALUE), "{{token}}"))
            .withSize(12, 8)
            .withStacking(),
        Panel.bars(
                "Value by wallet",
                Unit.USD,
                "Each wallet's positions in USD at its last snapshot.",
                prom(sum("wallet", VALUE), "{{wallet}}"))
            .withSize(6, 8),
        Panel.table(
                "Token prices",
                Unit.USD,
                "The last reported price of each token in USD.",
                prom("avg by (token) (" + sel("airdrops_token_price_usd") + ")"))
            .withSize(6, 8)
            .hidingColumns("Time"));
  }

  private static Row history() {
    return Row.of(
        "History (PostgreSQL)",
        Panel.timeseries(
                "Portfolio value over time",
                Unit.USD,
                "The portfolio's USD value from the snapshots the ETL loaded: per interval, its"
                    + " value after the interval's last snapshot"
                    + " (analytics.portfolio_value_history).",
                sqlSeries(
                    """
                    SELECT "time", value_usd
                    FROM analytics.portfolio_value_history(
                      $__timeFrom(), $__timeTo(), '$__interval')
                    ORDER BY 1
                    """))
            .withSize(24, 8));
  }

  private static Row concentration() {
    return Row.of(
        "Concentration (PostgreSQL)",
        metric(
            "Total value",
            Unit.USD,
            "The portfolio's value at the latest snapshot (analytics.portfolio_metrics).",
            "total_value_usd"),
        metric(
                "HHI",
                Unit.NONE,
                "Herfindahl-Hirschman index of the positions at the latest snapshot: 1 for one"
                    + " token, 1/N for N equal ones (analytics.portfolio_metrics).",
                "hhi")
            .withThresholds("green", 0.25, "orange", 0.5, "red"),
        metric(
            "Effective positions",
            Unit.NONE,
            "1 / HHI: how many equal positions the portfolio is worth in diversification"
                + " (analytics.portfolio_metrics).",
            "effective_n"),
        metric(
                "Largest position share",
                Unit.RATIO,
                "The biggest position's share of the portfolio (analytics.portfolio_metrics).",
                "largest_position_ratio")
            .withThresholds("green", 0.4, "orange", 0.6, "red"));
  }

  private static Panel metric(String title, String unit, String description, String column) {
    return Panel.stat(
            title,
            unit,
            description,
            sqlTable("SELECT " + column + "\nFROM analytics.portfolio_metrics"))
        .withSize(6, 4);
  }

  private static Row risk() {
    return Row.of(
        "Risk (PostgreSQL)",
        risk("VaR 95%", Unit.RATIO, "Daily loss the portfolio exceeds on 5% of days.", "var_95"),
        risk("VaR 99%", Unit.RATIO, "Daily loss the portfolio exceeds on 1% of days.", "var_99"),
        risk(
            "CVaR 95%",
            Unit.RATIO,
            "Average daily loss on the worst 5% of days (expected shortfall).",
            "cvar_95"),
        risk(
            "Max drawdown",
            Unit.RATIO,
            "Largest fall from a peak of the portfolio's value in the history.",
            "max_drawdown"),
        risk(
            "Sharpe ratio",
            Unit.NONE,
            "Mean return over its standard deviation, annualized.",
            "sharpe"),
        risk(
            "Sortino ratio",
            Unit.NONE,
            "Mean return over the downside deviation, annualized.",
            "sortino"));
  }

  private static Panel risk(String title, String unit, String description, String column) {
    return Panel.stat(
        title,
        unit,
        description + " (analytics.portfolio_risk)",
        sqlTable("SELECT " + column + "\nFROM analytics.portfolio_risk"));
  }

  private static Row benchmark() {
    return Row.of(
        "Benchmarks (PostgreSQL)",
        Panel.table(
                "Portfolio against benchmarks",
                Unit.RATIO,
                "The portfolio's return against each benchmark's over the same period, with alpha"
                    + " and beta (analytics.benchmark_comparison).",
                sqlTable(
                    """
                    SELECT benchmark, portfolio_return, benchmark_return, alpha, beta
                    FROM analytics.benchmark_comparison
                    ORDER BY benchmark
                    """))
            .withOverrides(FieldOverride.unit("beta", Unit.NONE)));
  }
}
