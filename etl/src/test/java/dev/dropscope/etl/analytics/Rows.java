package dev.dropscope.etl.analytics;

import dev.dropscope.etl.analytics.ViewRows.Column;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One record per analytics view: its columns, in order. A component {@code successRate} is the
 * column {@code success_rate}; {@link Column} names the others. {@link ViewRows} checks that a view
 * has exactly these columns.
 */
final class Rows {
  private Rows() {}

  // --- claims ----------------------------------------------------------------------------------

  record ClaimSuccessRate(String protocol, long attempts, long successes, double successRate) {}

  record ClaimSuccessDaily(
      Instant day, String protocol, long attempts, long successes, double successRate) {}

  record FeeBreakdown(
      String protocol,
      String kind,
      String action,
      long transactions,
      long failed,
      BigDecimal feeUsd,
      BigDecimal gasUsed) {}

  // --- roi -------------------------------------------------------------------------------------

  record ProtocolSummary(
      String protocol,
      long claims,
      long successfulClaims,
      long interactions,
      BigDecimal revenueUsd,
      BigDecimal claimFeesUsd,
      BigDecimal interactionFeesUsd,
      BigDecimal costUsd,
      BigDecimal failedClaimFeesUsd,
      BigDecimal avgInteractionFeeUsd,
      Instant firstActivityAt,
      Instant lastActivityAt,
      int activeDays) {}

  record ProtocolRoi(
      String protocol,
      BigDecimal revenueUsd,
      BigDecimal costUsd,
      BigDecimal profitUsd,
      Double roi) {}

  record ProtocolRoiByModel(
      String protocol,
      String costModel,
      BigDecimal revenueUsd,
      BigDecimal costUsd,
      BigDecimal profitUsd,
      Double roi,
      BigDecimal breakEvenClaimUsd) {}

  record ProtocolPnlDaily(
      Instant day,
      String protocol,
      BigDecimal revenueUsd,
      BigDecimal costUsd,
      BigDecimal profitUsd,
      BigDecimal cumulativeProfitUsd) {}

  // --- portfolio -------------------------------------------------------------------------------

  record PortfolioValue(Instant ts, BigDecimal valueUsd) {}

  record PortfolioPositionLatest(
      String wallet, String token, BigDecimal amount, BigDecimal valueUsd, Instant snapshotTs) {}

  record PortfolioAllocation(String token, BigDecimal valueUsd, Double share) {}

  record PortfolioMetrics(
      BigDecimal totalValueUsd,
      Double hhi,
      Double effectiveN,
      Double largestPositionRatio,
      long positions,
      long wallets) {}

  // --- risk ------------------------------------------------------------------------------------

  record PortfolioDaily(Instant day, BigDecimal valueUsd, Double dailyReturn) {}

  record PortfolioRisk(
      @Column("var_95") Double var95,
      @Column("var_99") Double var99,
      @Column("cvar_95") Double cvar95,
      Double maxDrawdown,
      Double sharpe,
      Double sortino,
      long returns,
      Double meanDailyReturn,
      Double annualizedVolatility) {}

  // --- benchmark -------------------------------------------------------------------------------

  record TokenPriceDaily(Instant day, String token, double priceUsd) {}

  record BenchmarkDaily(
      Instant day,
      String benchmark,
      double portfolioReturn,
      double benchmarkReturn,
      double portfolioIndex,
      double benchmarkIndex) {}

  record BenchmarkComparison(
      String benchmark,
      Double portfolioReturn,
      Double benchmarkReturn,
      Double alpha,
      Double beta,
      long days,
      Double correlation,
      Double alphaAnnualized) {}

  // --- forecast --------------------------------------------------------------------------------

  record ClaimSeason(
      String protocol,
      long season,
      Instant startedAt,
      Instant endedAt,
      long claims,
      BigDecimal valueUsd) {}

  record AirdropTimingForecast(
      String protocol,
      Instant lastEvent,
      Duration meanInterval,
      Instant nextWindowStart,
      Instant nextWindowEnd,
      String confidence,
      long seasons,
      Double meanIntervalDays,
      Double stddevIntervalDays,
      Instant lastClaimAt) {}

  // --- suggestions -----------------------------------------------------------------------------

  record OptimizationSuggestion(
      String strategy,
      String protocol,
      String suggestion,
      BigDecimal expectedImpactUsd,
      int priority,
      String rule) {}

  // --- trading ---------------------------------------------------------------------------------

  record ExchangeLatencyBucket(Instant day, String exchange, double le, double count) {}

  record ExchangeLatencyDaily(
      Instant day,
      String exchange,
      Double requests,
      Double p50Seconds,
      Double p95Seconds,
      Double p99Seconds) {}

  record ExchangeLatency(
      String exchange, Double requests, Double p50Seconds, Double p95Seconds, Double p99Seconds) {}

  record TradeExecutionLatency(
      String exchange,
      long trades,
      double p50Seconds,
      double p95Seconds,
      double p99Seconds,
      double maxSeconds) {}

  record TradingPerformance(
      String scope,
      String name,
      long trades,
      long closedTrades,
      long wins,
      long losses,
      Double winRate,
      BigDecimal grossProfitUsd,
      BigDecimal grossLossUsd,
      Double profitFactor,
      BigDecimal expectancyUsd,
      BigDecimal netPnlUsd,
      BigDecimal feesUsd,
      Double sharpe,
      BigDecimal maxDrawdownUsd) {}

  record TradingDaily(
      Instant day,
      String exchange,
      long trades,
      long closedTrades,
      long wins,
      BigDecimal pnlUsd,
      BigDecimal feesUsd,
      BigDecimal netPnlUsd) {}

  // --- alerts ----------------------------------------------------------------------------------

  record AlertEpisode(
      String alertname,
      String severity,
      Map<String, String> labels,
      Instant firedAt,
      Instant resolvedAt,
      Double durationSeconds) {}

  record AlertHistory(
      String alertname,
      String severity,
      long fired,
      long resolved,
      long firing,
      Double totalDurationSeconds,
      Double meanDurationSeconds,
      Double maxDurationSeconds,
      Instant firstFiredAt,
      Instant lastFiredAt) {}

  record AlertHistoryDaily(Instant day, String severity, long fired, Double totalDurationSeconds) {}
}
