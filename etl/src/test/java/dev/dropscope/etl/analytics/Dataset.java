package dev.dropscope.etl.analytics;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the analytics views read, as plain rows: the journaled events (claims, interactions,
 * portfolio snapshots, trades), the Prometheus samples (prices, the latency histogram, ALERTS), the
 * user's cost tables and how far the samples are loaded. {@link DatasetTables} writes it to and
 * reads it back from the ETL's tables, so it can come from a generator or from a real pipeline run.
 */
record Dataset(
    List<Claim> claims,
    List<Interaction> interactions,
    List<Snapshot> snapshots,
    List<Sample> samples,
    List<Trade> trades,
    List<ManualCost> manualCosts,
    List<Plan> plans,
    Instant loadedTo) {

  /** A row of {@code dropscope.airdrop_claims}. */
  record Claim(
      UUID id,
      Instant ts,
      String protocol,
      String wallet,
      String token,
      String status,
      BigDecimal amount,
      BigDecimal valueUsd,
      BigDecimal feeUsd,
      Long gasUsed) {
    boolean succeeded() {
      return status.equals("success");
    }
  }

  /** A row of {@code dropscope.airdrop_interactions}. */
  record Interaction(
      UUID id,
      Instant ts,
      String protocol,
      String wallet,
      String action,
      String status,
      BigDecimal feeUsd,
      Long gasUsed) {}

  /** A row of {@code dropscope.portfolio_snapshots} with its {@code portfolio_positions}. */
  record Snapshot(
      UUID id, Instant ts, String wallet, BigDecimal totalValueUsd, List<Position> positions) {}

  record Position(String token, BigDecimal amount, BigDecimal valueUsd) {}

  /** A raw Prometheus sample: metric name, labels (without {@code __name__}), time, value. */
  record Sample(String metric, Map<String, String> labels, Instant ts, double value) {}

  /** A row of {@code dropscope.trades}. */
  record Trade(
      UUID id,
      Instant ts,
      String exchange,
      String symbol,
      String side,
      BigDecimal pnlUsd,
      BigDecimal feeUsd,
      Double executionSeconds,
      String agent) {}

  /** A row of {@code analytics.protocol_costs}. */
  record ManualCost(
      String protocol, String kind, BigDecimal amountUsd, LocalDate validFrom, LocalDate validTo) {}

  /** A row of {@code analytics.protocol_plans}. */
  record Plan(String protocol, int plannedInteractions) {}

  /** Token prices: the samples of {@code airdrops_token_price_usd}. */
  record Price(String token, Instant ts, double usd) {}

  List<Price> prices() {
    return samples.stream()
        .filter(s -> s.metric().equals("airdrops_token_price_usd"))
        .filter(s -> s.labels().containsKey("token"))
        .map(s -> new Price(s.labels().get("token"), s.ts(), s.value()))
        .toList();
  }
}
