package dev.dropscope.etl.analytics;

import static dev.dropscope.etl.analytics.ClaimsReference.day;

import dev.dropscope.etl.analytics.Dataset.Position;
import dev.dropscope.etl.analytics.Dataset.Snapshot;
import dev.dropscope.etl.analytics.Rows.PortfolioAllocation;
import dev.dropscope.etl.analytics.Rows.PortfolioDaily;
import dev.dropscope.etl.analytics.Rows.PortfolioMetrics;
import dev.dropscope.etl.analytics.Rows.PortfolioPositionLatest;
import dev.dropscope.etl.analytics.Rows.PortfolioRisk;
import dev.dropscope.etl.analytics.Rows.PortfolioValue;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/** The portfolio and risk views, computed from the snapshots. */
final class PortfolioReference {
  private static final double SQRT_365 = Math.sqrt(365);

  /** A wallet's later snapshot: later ts, or at the same ts the higher id (written last). */
  private static final Comparator<Snapshot> RECENCY =
      Comparator.comparing(Snapshot::ts).thenComparing(s -> s.id().toString());

  private PortfolioReference() {}

  static List<PortfolioValue> value(Dataset d) {
    List<PortfolioValue> rows = new ArrayList<>();
    for (Instant t : new TreeSet<>(d.snapshots().stream().map(Snapshot::ts).toList())) {
      BigDecimal total = BigDecimal.ZERO;
      for (Snapshot s : latestPerWallet(d.snapshots(), t).values()) {
        total = total.add(s.totalValueUsd());
      }
      rows.add(new PortfolioValue(t, total));
    }
    return rows;
  }

  /** Each wallet's latest snapshot at or before {@code at}. */
  static Map<String, Snapshot> latestPerWallet(List<Snapshot> snapshots, Instant at) {
    Map<String, Snapshot> latest = new TreeMap<>();
    for (Snapshot s : snapshots) {
      if (!s.ts().isAfter(at)) {
        latest.merge(s.wallet(), s, (a, b) -> RECENCY.compare(a, b) >= 0 ? a : b);
      }
    }
    return latest;
  }

  static List<PortfolioPositionLatest> positionsLatest(Dataset d) {
    List<PortfolioPositionLatest> rows = new ArrayList<>();
    for (Snapshot s : latestPerWallet(d.snapshots(), Instant.MAX).values()) {
      for (Position p : s.positions()) {
        rows.add(
            new PortfolioPositionLatest(s.wallet(), p.token(), p.amount(), p.valueUsd(), s.ts()));
      }
    }
    return rows;
  }

  static List<PortfolioAllocation> allocation(Dataset d) {
    Map<String, BigDecimal> byToken = new TreeMap<>();
    for (PortfolioPositionLatest p : positionsLatest(d)) {
      byToken.merge(p.token(), p.valueUsd(), BigDecimal::add);
    }
    BigDecimal total = Stats.sum(List.copyOf(byToken.values()));
    return byToken.entrySet().stream()
        .map(
            e ->
                new PortfolioAllocation(
                    e.getKey(), e.getValue(), Stats.toDouble(Stats.divide(e.getValue(), total))))
        .toList();
  }

  static PortfolioMetrics metrics(Dataset d) {
    List<PortfolioAllocation> tokens = allocation(d);
    List<Double> shares =
        tokens.stream().map(PortfolioAllocation::share).filter(Objects::nonNull).toList();
    Double hhi = shares.isEmpty() ? null : shares.stream().mapToDouble(s -> s * s).sum();
    return new PortfolioMetrics(
        Stats.sum(tokens.stream().map(PortfolioAllocation::valueUsd).toList()),
        hhi,
        Stats.ratio(1.0, hhi),
        shares.stream().max(Comparator.naturalOrder()).orElse(null),
        tokens.stream().filter(t -> t.valueUsd().signum() > 0).count(),
        d.snapshots().stream().map(Snapshot::wallet).distinct().count());
  }

  /** The last portfolio value of each UTC day and the return over the previous, consecutive day. */
  static List<PortfolioDaily> daily(Dataset d) {
    Map<Instant, BigDecimal> closes = new TreeMap<>();
    for (PortfolioValue v : value(d)) { // in time order: the day's last value wins
      closes.put(day(v.ts()), v.valueUsd());
    }
    List<PortfolioDaily> rows = new ArrayList<>();
    Instant previousDay = null;
    BigDecimal previous = null;
    for (Map.Entry<Instant, BigDecimal> e : closes.entrySet()) {
      Double r = null;
      if (previousDay != null && previousDay.plus(Duration.ofDays(1)).equals(e.getKey())) {
        BigDecimal ratio = Stats.divide(e.getValue(), previous);
        r = ratio == null ? null : ratio.subtract(BigDecimal.ONE).doubleValue();
      }
      rows.add(new PortfolioDaily(e.getKey(), e.getValue(), r));
      previousDay = e.getKey();
      previous = e.getValue();
    }
    return rows;
  }

  static List<Double> returns(List<PortfolioDaily> daily) {
    return daily.stream().map(PortfolioDaily::dailyReturn).filter(Objects::nonNull).toList();
  }

  static PortfolioRisk risk(Dataset d) {
    List<PortfolioDaily> daily = daily(d);
    List<Double> r = returns(daily);
    Double p05 = Stats.percentileCont(r, 0.05);
    Double p01 = Stats.percentileCont(r, 0.01);
    List<Double> tail = p05 == null ? List.of() : r.stream().filter(x -> x <= p05).toList();
    Double mean = Stats.mean(r);
    Double sd = Stats.stddevSamp(r);
    Double downside =
        r.isEmpty()
            ? null
            : Math.sqrt(Stats.mean(r.stream().map(x -> Math.min(x, 0) * Math.min(x, 0)).toList()));
    return new PortfolioRisk(
        negate(p05),
        negate(p01),
        negate(Stats.mean(tail)),
        maxDrawdown(daily),
        annualize(Stats.ratio(mean, sd)),
        annualize(Stats.ratio(mean, downside)),
        r.size(),
        mean,
        annualize(sd));
  }

  /** max(1 - V / running max V) over the daily values, in 0..1. */
  static Double maxDrawdown(List<PortfolioDaily> daily) {
    BigDecimal peak = null;
    BigDecimal worst = null;
    for (PortfolioDaily day : daily) {
      peak = peak == null ? day.valueUsd() : peak.max(day.valueUsd());
      BigDecimal ratio = Stats.divide(day.valueUsd(), peak);
      if (ratio != null) {
        BigDecimal drawdown = BigDecimal.ONE.subtract(ratio);
        worst = worst == null ? drawdown : worst.max(drawdown);
      }
    }
    return Stats.toDouble(worst);
  }

  private static Double negate(Double x) {
    return x == null ? null : -x;
  }

  private static Double annualize(Double x) {
    return x == null ? null : x * SQRT_365;
  }
}
