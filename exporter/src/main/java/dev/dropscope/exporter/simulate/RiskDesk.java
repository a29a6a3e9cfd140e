package dev.dropscope.exporter.simulate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dropscope.exporter.simulate.Catalog.Protocol;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The airdrop bot's risk manager and capital allocator: drawdown from the trailing 7-day peak sets
 * the risk level; a bad streak (3 failed transactions within 15 minutes) or a critical drawdown
 * opens the circuit breaker for a while (farming stops, capital is pulled back); target allocations
 * drift at each rebalance.
 */
final class RiskDesk {
  private static final int BAD_STREAK = 3;
  private static final long STREAK_WINDOW_MILLIS = 15 * 60_000;

  private final Agenda agenda;
  private final Emitter out;
  private final Rng rng;
  private final Markets markets;
  private final List<Wallet> wallets;
  private final Map<Protocol, Double> weights = new LinkedHashMap<>();
  private double reserve;
  private double utilization;
  private final ArrayDeque<double[]> dailyPeaks = new ArrayDeque<>(); // {day, max value}
  private boolean criticalEpisode;
  private final ArrayDeque<Long> recentFailures = new ArrayDeque<>();
  private long breakerOpenUntil = Long.MIN_VALUE;

  RiskDesk(Agenda agenda, Emitter out, Rng rng, Markets markets, List<Wallet> wallets) {
    this.agenda = agenda;
    this.out = out;
    this.rng = rng;
    this.markets = markets;
    this.wallets = wallets;
    for (Protocol p : Catalog.PROTOCOLS) {
      weights.put(p, rng.between(0.5, 1.5));
    }
    this.reserve = rng.between(0.05, 0.15);
    this.utilization = rng.between(0.55, 0.85);
  }

  void start() {
    agenda.every(60_000, 2_000, this::reportRisk);
    agenda.every(300_000, 3_000, this::reportAllocation);
  }

  boolean breakerOpen() {
    return agenda.now() < breakerOpenUntil;
  }

  /** Counts a transaction's outcome; a bad streak of failures opens the breaker. */
  void recordOutcome(boolean success) {
    if (success) {
      return;
    }
    long now = agenda.now();
    recentFailures.addLast(now);
    while (recentFailures.peekFirst() < now - STREAK_WINDOW_MILLIS) {
      recentFailures.removeFirst();
    }
    if (recentFailures.size() >= BAD_STREAK && !breakerOpen()) {
      openBreaker(rng.longBetween(15, 45));
    }
  }

  /** The hourly rebalance: target weights drift, utilization follows the market's mood. */
  void rebalance() {
    for (Map.Entry<Protocol, Double> e : weights.entrySet()) {
      e.setValue(Math.max(0.05, e.getValue() * rng.lognormal(1.0, 0.1)));
    }
    reserve = Math.clamp(reserve + rng.between(-0.01, 0.01), 0.03, 0.2);
    double target = breakerOpen() ? rng.between(0.1, 0.3) : rng.between(0.55, 0.9);
    utilization = Math.clamp(0.7 * utilization + 0.3 * target, 0.05, 0.95);
  }

  private void openBreaker(long minutes) {
    breakerOpenUntil = agenda.now() + minutes * 60_000;
    recentFailures.clear();
    utilization = rng.between(0.1, 0.3);
    reportRisk();
    agenda.at(breakerOpenUntil, this::reportRisk);
  }

  private double portfolioUsd() {
    double total = 0;
    for (Wallet w : wallets) {
      total += w.valueUsd(markets, agenda.now());
    }
    return total;
  }

  private void reportRisk() {
    double value = portfolioUsd();
    double peak = trailingPeak(value);
    double drawdown = peak > 0 ? Math.clamp(1 - value / peak, 0, 1) : 0;
    if (drawdown < 0.15) {
      criticalEpisode = false;
    } else if (drawdown >= 0.2 && !criticalEpisode && !breakerOpen()) {
      criticalEpisode = true;
      openBreaker(rng.longBetween(30, 90));
      return;
    }
    String level =
        drawdown >= 0.2
            ? "critical"
            : drawdown >= 0.1 || breakerOpen() ? "high" : drawdown >= 0.05 ? "medium" : "low";
    ObjectNode exposure = Emitter.fields();
    double deployed = value * utilization;
    double weightSum = weights.values().stream().mapToDouble(Double::doubleValue).sum();
    for (Map.Entry<Protocol, Double> e : weights.entrySet()) {
      Protocol p = e.getKey();
      double held = 0;
      for (Wallet w : wallets) {
        held += w.amount(p.token()) * markets.usd(p.token(), agenda.now());
      }
      exposure.put(p.name(), Rng.round(deployed * e.getValue() / weightSum + held, 2));
    }
    ObjectNode f =
        Emitter.fields()
            .put("level", level)
            .put("circuit_breaker", breakerOpen())
            .put("drawdown_ratio", Rng.round(drawdown, 4));
    f.set("exposure_usd", exposure);
    out.emit("risk", f);
  }

  /** The highest value over the last 7 simulated days, including {@code value}. */
  private double trailingPeak(double value) {
    long day = Math.floorDiv(agenda.now(), 86_400_000L);
    double[] today = dailyPeaks.peekLast();
    if (today == null || today[0] != day) {
      dailyPeaks.addLast(new double[] {day, value});
      while (dailyPeaks.peekFirst()[0] <= day - 7) {
        dailyPeaks.removeFirst();
      }
    } else {
      today[1] = Math.max(today[1], value);
    }
    double peak = 0;
    for (double[] d : dailyPeaks) {
      peak = Math.max(peak, d[1]);
    }
    return peak;
  }

  private void reportAllocation() {
    double weightSum = weights.values().stream().mapToDouble(Double::doubleValue).sum();
    ObjectNode allocations = Emitter.fields();
    for (Map.Entry<Protocol, Double> e : weights.entrySet()) {
      allocations.put(e.getKey().name(), Rng.floor((1 - reserve) * e.getValue() / weightSum, 4));
    }
    ObjectNode f =
        Emitter.fields()
            .put("capital_usd", Rng.round(portfolioUsd(), 2))
            .put("utilization_ratio", Rng.round(utilization, 4));
    f.set("allocations", allocations);
    out.emit("allocation", f);
  }
}
