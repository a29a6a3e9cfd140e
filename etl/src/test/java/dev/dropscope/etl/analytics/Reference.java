package dev.dropscope.etl.analytics;

import static dev.dropscope.etl.analytics.ViewRows.EXACT;
import static dev.dropscope.etl.analytics.ViewRows.RISK;

import dev.dropscope.etl.analytics.Rows.AirdropTimingForecast;
import dev.dropscope.etl.analytics.Rows.AlertEpisode;
import dev.dropscope.etl.analytics.Rows.AlertHistory;
import dev.dropscope.etl.analytics.Rows.AlertHistoryDaily;
import dev.dropscope.etl.analytics.Rows.BenchmarkComparison;
import dev.dropscope.etl.analytics.Rows.BenchmarkDaily;
import dev.dropscope.etl.analytics.Rows.ClaimSeason;
import dev.dropscope.etl.analytics.Rows.ClaimSuccessDaily;
import dev.dropscope.etl.analytics.Rows.ClaimSuccessRate;
import dev.dropscope.etl.analytics.Rows.ExchangeLatency;
import dev.dropscope.etl.analytics.Rows.ExchangeLatencyBucket;
import dev.dropscope.etl.analytics.Rows.ExchangeLatencyDaily;
import dev.dropscope.etl.analytics.Rows.FeeBreakdown;
import dev.dropscope.etl.analytics.Rows.OptimizationSuggestion;
import dev.dropscope.etl.analytics.Rows.PortfolioAllocation;
import dev.dropscope.etl.analytics.Rows.PortfolioDaily;
import dev.dropscope.etl.analytics.Rows.PortfolioMetrics;
import dev.dropscope.etl.analytics.Rows.PortfolioPositionLatest;
import dev.dropscope.etl.analytics.Rows.PortfolioRisk;
import dev.dropscope.etl.analytics.Rows.PortfolioValue;
import dev.dropscope.etl.analytics.Rows.ProtocolPnlDaily;
import dev.dropscope.etl.analytics.Rows.ProtocolRoi;
import dev.dropscope.etl.analytics.Rows.ProtocolRoiByModel;
import dev.dropscope.etl.analytics.Rows.ProtocolSummary;
import dev.dropscope.etl.analytics.Rows.TokenPriceDaily;
import dev.dropscope.etl.analytics.Rows.TradeExecutionLatency;
import dev.dropscope.etl.analytics.Rows.TradingDaily;
import dev.dropscope.etl.analytics.Rows.TradingPerformance;
import dev.dropscope.etl.analytics.ViewRows.Expectation;
import java.time.LocalDate;
import java.util.List;

/**
 * Every analytics view as the reference computes it from a {@link Dataset}: what a test (this
 * module's, or an end-to-end run through exporter, journal and ETL) asserts the views hold.
 */
final class Reference {
  private Reference() {}

  /**
   * @param today the database's current UTC date (monthly manual costs accrue up to it)
   */
  static List<Expectation> expectations(Dataset d, LocalDate today) {
    return List.of(
        new Expectation(
            "claim_success_rate",
            ClaimSuccessRate.class,
            ClaimsReference.successRate(d),
            List.of("protocol"),
            EXACT),
        new Expectation(
            "claim_success_daily",
            ClaimSuccessDaily.class,
            ClaimsReference.successDaily(d),
            List.of("day", "protocol"),
            EXACT),
        new Expectation(
            "fee_breakdown",
            FeeBreakdown.class,
            ClaimsReference.feeBreakdown(d),
            List.of("protocol", "kind", "action"),
            EXACT),
        new Expectation(
            "protocol_summary",
            ProtocolSummary.class,
            RoiReference.summary(d),
            List.of("protocol"),
            EXACT),
        new Expectation(
            "protocol_roi", ProtocolRoi.class, RoiReference.roi(d), List.of("protocol"), EXACT),
        new Expectation(
            "protocol_roi_by_model",
            ProtocolRoiByModel.class,
            RoiReference.byModel(d, today),
            List.of("protocol", "cost_model"),
            EXACT),
        new Expectation(
            "protocol_pnl_daily",
            ProtocolPnlDaily.class,
            RoiReference.pnlDaily(d),
            List.of("day", "protocol"),
            EXACT),
        new Expectation(
            "portfolio_value",
            PortfolioValue.class,
            PortfolioReference.value(d),
            List.of("ts"),
            EXACT),
        new Expectation(
            "portfolio_positions_latest",
            PortfolioPositionLatest.class,
            PortfolioReference.positionsLatest(d),
            List.of("wallet", "token"),
            EXACT),
        new Expectation(
            "portfolio_allocation",
            PortfolioAllocation.class,
            PortfolioReference.allocation(d),
            List.of("token"),
            EXACT),
        new Expectation(
            "portfolio_metrics",
            PortfolioMetrics.class,
            List.of(PortfolioReference.metrics(d)),
            List.of(),
            EXACT),
        new Expectation(
            "portfolio_daily",
            PortfolioDaily.class,
            PortfolioReference.daily(d),
            List.of("day"),
            EXACT),
        new Expectation(
            "portfolio_risk",
            PortfolioRisk.class,
            List.of(PortfolioReference.risk(d)),
            List.of(),
            RISK),
        new Expectation(
            "token_price_daily",
            TokenPriceDaily.class,
            BenchmarkReference.tokenPriceDaily(d),
            List.of("day", "token"),
            EXACT),
        new Expectation(
            "benchmark_daily",
            BenchmarkDaily.class,
            BenchmarkReference.benchmarkDaily(d),
            List.of("day", "benchmark"),
            RISK),
        new Expectation(
            "benchmark_comparison",
            BenchmarkComparison.class,
            BenchmarkReference.comparison(d),
            List.of("benchmark"),
            RISK),
        new Expectation(
            "claim_seasons",
            ClaimSeason.class,
            ForecastReference.seasons(d),
            List.of("protocol", "season"),
            EXACT),
        new Expectation(
            "airdrop_timing_forecast",
            AirdropTimingForecast.class,
            ForecastReference.forecast(d),
            List.of("protocol"),
            EXACT),
        new Expectation(
            "optimization_suggestions",
            OptimizationSuggestion.class,
            SuggestionsReference.suggestions(d),
            List.of("strategy", "rule", "protocol"),
            RISK),
        new Expectation(
            "exchange_latency_buckets",
            ExchangeLatencyBucket.class,
            TradingReference.latencyBuckets(d),
            List.of("day", "exchange", "le"),
            EXACT),
        new Expectation(
            "exchange_latency_daily",
            ExchangeLatencyDaily.class,
            TradingReference.latencyDaily(d),
            List.of("day", "exchange"),
            EXACT),
        new Expectation(
            "exchange_latency",
            ExchangeLatency.class,
            TradingReference.latency(d),
            List.of("exchange"),
            EXACT),
        new Expectation(
            "trade_execution_latency",
            TradeExecutionLatency.class,
            TradingReference.executionLatency(d),
            List.of("exchange"),
            EXACT),
        new Expectation(
            "trading_performance",
            TradingPerformance.class,
            TradingReference.performance(d),
            List.of("scope", "name"),
            EXACT),
        new Expectation(
            "trading_daily",
            TradingDaily.class,
            TradingReference.daily(d),
            List.of("day", "exchange"),
            EXACT),
        new Expectation(
            "alert_episodes",
            AlertEpisode.class,
            AlertsReference.episodes(d),
            List.of("alertname", "labels", "fired_at"),
            EXACT),
        new Expectation(
            "alert_history",
            AlertHistory.class,
            AlertsReference.history(d),
            List.of("alertname", "severity"),
            EXACT),
        new Expectation(
            "alert_history_daily",
            AlertHistoryDaily.class,
            AlertsReference.daily(d),
            List.of("day", "severity"),
            EXACT));
  }
}
