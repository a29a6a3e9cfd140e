package dev.dropscope.etl.analytics;

import static dev.dropscope.etl.analytics.ClaimsReference.day;

import dev.dropscope.etl.analytics.Dataset.Sample;
import dev.dropscope.etl.analytics.Dataset.Trade;
import dev.dropscope.etl.analytics.Rows.ExchangeLatency;
import dev.dropscope.etl.analytics.Rows.ExchangeLatencyBucket;
import dev.dropscope.etl.analytics.Rows.ExchangeLatencyDaily;
import dev.dropscope.etl.analytics.Rows.TradeExecutionLatency;
import dev.dropscope.etl.analytics.Rows.TradingDaily;
import dev.dropscope.etl.analytics.Rows.TradingPerformance;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** The trading views, computed from the trades and the latency histogram's samples. */
final class TradingReference {
  static final String LATENCY_BUCKETS = "trading_exchange_latency_seconds_bucket";

  private TradingReference() {}

  static List<TradingPerformance> performance(Dataset d) {
    // scope -> name -> trades
    Map<List<String>, List<Trade>> groups = new TreeMap<>(Comparator.comparing(List::toString));
    for (Trade t : d.trades()) {
      groups.computeIfAbsent(List.of("overall", "all"), k -> new ArrayList<>()).add(t);
      groups.computeIfAbsent(List.of("exchange", t.exchange()), k -> new ArrayList<>()).add(t);
      if (t.agent() != null) {
        groups.computeIfAbsent(List.of("agent", t.agent()), k -> new ArrayList<>()).add(t);
      }
    }
    List<TradingPerformance> rows = new ArrayList<>();
    groups.forEach((key, trades) -> rows.add(performance(key.get(0), key.get(1), trades)));
    return rows;
  }

  private static TradingPerformance performance(String scope, String name, List<Trade> trades) {
    List<BigDecimal> pnl = trades.stream().map(Trade::pnlUsd).filter(Objects::nonNull).toList();
    List<BigDecimal> won = pnl.stream().filter(p -> p.signum() > 0).toList();
    List<BigDecimal> lost = pnl.stream().filter(p -> p.signum() < 0).toList();
    BigDecimal grossProfit = Stats.sum(won);
    BigDecimal grossLoss = Stats.sum(lost).negate();
    BigDecimal fees = Stats.sum(trades.stream().map(TradingReference::fee).toList());
    BigDecimal net = Stats.sum(trades.stream().map(TradingReference::net).toList());
    return new TradingPerformance(
        scope,
        name,
        trades.size(),
        pnl.size(),
        won.size(),
        lost.size(),
        pnl.isEmpty() ? null : (double) won.size() / pnl.size(),
        grossProfit,
        grossLoss,
        Stats.toDouble(Stats.divide(grossProfit, grossLoss)),
        pnl.isEmpty() ? null : Stats.sum(pnl).divide(BigDecimal.valueOf(pnl.size()), Stats.MC),
        net,
        fees,
        sharpe(trades),
        maxDrawdown(trades));
  }

  private static BigDecimal fee(Trade t) {
    return Objects.requireNonNullElse(t.feeUsd(), BigDecimal.ZERO);
  }

  private static BigDecimal net(Trade t) {
    return Objects.requireNonNullElse(t.pnlUsd(), BigDecimal.ZERO).subtract(fee(t));
  }

  /** Of the daily net P&L, every day from the first to the last trade day (no trades: 0). */
  private static Double sharpe(List<Trade> trades) {
    TreeMap<Instant, BigDecimal> daily = new TreeMap<>();
    trades.forEach(t -> daily.merge(day(t.ts()), net(t), BigDecimal::add));
    List<Double> days = new ArrayList<>();
    for (Instant day = daily.firstKey();
        !day.isAfter(daily.lastKey());
        day = day.plus(Duration.ofDays(1))) {
      days.add(daily.getOrDefault(day, BigDecimal.ZERO).doubleValue());
    }
    Double ratio = Stats.ratio(Stats.mean(days), Stats.stddevSamp(days));
    return ratio == null ? null : ratio * Math.sqrt(365);
  }

  /** The largest fall of the cumulative net P&L (from 0) below its running peak. */
  private static BigDecimal maxDrawdown(List<Trade> trades) {
    BigDecimal cumulative = BigDecimal.ZERO;
    BigDecimal peak = BigDecimal.ZERO;
    BigDecimal worst = BigDecimal.ZERO;
    List<Trade> ordered =
        trades.stream()
            .sorted(Comparator.comparing(Trade::ts).thenComparing(t -> t.id().toString()))
            .toList();
    for (Trade t : ordered) {
      cumulative = cumulative.add(net(t));
      peak = peak.max(cumulative);
      worst = worst.max(peak.subtract(cumulative));
    }
    return worst;
  }

  static List<TradingDaily> daily(Dataset d) {
    Map<List<Object>, List<Trade>> groups =
        Stats.groupBy(d.trades(), t -> List.of(day(t.ts()), t.exchange()));
    List<TradingDaily> rows = new ArrayList<>();
    groups.forEach(
        (key, trades) -> {
          BigDecimal pnl =
              Stats.sum(trades.stream().map(Trade::pnlUsd).filter(Objects::nonNull).toList());
          BigDecimal fees = Stats.sum(trades.stream().map(TradingReference::fee).toList());
          rows.add(
              new TradingDaily(
                  (Instant) key.get(0),
                  (String) key.get(1),
                  trades.size(),
                  trades.stream().filter(t -> t.pnlUsd() != null).count(),
                  trades.stream()
                      .filter(t -> t.pnlUsd() != null && t.pnlUsd().signum() > 0)
                      .count(),
                  pnl,
                  fees,
                  pnl.subtract(fees)));
        });
    return rows;
  }

  static List<TradeExecutionLatency> executionLatency(Dataset d) {
    Map<String, List<Double>> byExchange = new TreeMap<>();
    d.trades().stream()
        .filter(t -> t.executionSeconds() != null)
        .forEach(
            t ->
                byExchange
                    .computeIfAbsent(t.exchange(), k -> new ArrayList<>())
                    .add(t.executionSeconds()));
    List<TradeExecutionLatency> rows = new ArrayList<>();
    byExchange.forEach(
        (exchange, seconds) ->
            rows.add(
                new TradeExecutionLatency(
                    exchange,
                    seconds.size(),
                    Stats.percentileCont(seconds, 0.50),
                    Stats.percentileCont(seconds, 0.95),
                    Stats.percentileCont(seconds, 0.99),
                    seconds.stream().max(Comparator.naturalOrder()).orElseThrow())));
    return rows;
  }

  /**
   * Reset-aware increases of every bucket series, summed per UTC day, exchange and bucket: value -
   * previous value, or the value itself after a reset; a series' first sample counts 0.
   */
  static List<ExchangeLatencyBucket> latencyBuckets(Dataset d) {
    Map<String, List<Sample>> series = new TreeMap<>();
    d.samples().stream()
        .filter(s -> s.metric().equals(LATENCY_BUCKETS) && s.labels().containsKey("le"))
        .forEach(
            s ->
                series
                    .computeIfAbsent(DatasetTables.json(s.labels()), k -> new ArrayList<>())
                    .add(s));
    // day -> exchange -> le -> count
    Map<Instant, Map<String, Map<Double, Double>>> counts = new TreeMap<>();
    for (List<Sample> samples : series.values()) {
      List<Sample> ordered = samples.stream().sorted(Comparator.comparing(Sample::ts)).toList();
      Double previous = null;
      for (Sample s : ordered) {
        double increase =
            previous == null ? 0 : s.value() >= previous ? s.value() - previous : s.value();
        counts
            .computeIfAbsent(day(s.ts()), k -> new TreeMap<>())
            .computeIfAbsent(s.labels().get("exchange"), k -> new TreeMap<>())
            .merge(le(s.labels().get("le")), increase, Double::sum);
        previous = s.value();
      }
    }
    List<ExchangeLatencyBucket> rows = new ArrayList<>();
    counts.forEach(
        (day, exchanges) ->
            exchanges.forEach(
                (exchange, buckets) ->
                    buckets.forEach(
                        (le, n) -> rows.add(new ExchangeLatencyBucket(day, exchange, le, n)))));
    return rows;
  }

  static List<ExchangeLatencyDaily> latencyDaily(Dataset d) {
    Map<List<Object>, TreeMap<Double, Double>> histograms =
        new TreeMap<>(Comparator.comparing(List::toString));
    for (ExchangeLatencyBucket b : latencyBuckets(d)) {
      histograms
          .computeIfAbsent(List.of(b.day(), b.exchange()), k -> new TreeMap<>())
          .put(b.le(), b.count());
    }
    List<ExchangeLatencyDaily> rows = new ArrayList<>();
    histograms.forEach(
        (key, buckets) -> {
          Summary s = summary(buckets);
          rows.add(
              new ExchangeLatencyDaily(
                  (Instant) key.get(0),
                  (String) key.get(1),
                  s.requests(),
                  s.p50(),
                  s.p95(),
                  s.p99()));
        });
    return rows;
  }

  static List<ExchangeLatency> latency(Dataset d) {
    Map<String, TreeMap<Double, Double>> histograms = new TreeMap<>();
    for (ExchangeLatencyBucket b : latencyBuckets(d)) {
      histograms
          .computeIfAbsent(b.exchange(), k -> new TreeMap<>())
          .merge(b.le(), b.count(), Double::sum);
    }
    List<ExchangeLatency> rows = new ArrayList<>();
    histograms.forEach(
        (exchange, buckets) -> {
          Summary s = summary(buckets);
          rows.add(new ExchangeLatency(exchange, s.requests(), s.p50(), s.p95(), s.p99()));
        });
    return rows;
  }

  /** Requests (the +Inf bucket) and percentiles of one histogram. */
  private record Summary(Double requests, Double p50, Double p95, Double p99) {}

  private static Summary summary(TreeMap<Double, Double> buckets) {
    double[] bounds = buckets.keySet().stream().mapToDouble(Double::doubleValue).toArray();
    double[] counts = buckets.values().stream().mapToDouble(Double::doubleValue).toArray();
    return new Summary(
        buckets.get(Double.POSITIVE_INFINITY),
        Stats.histogramQuantile(0.50, bounds, counts),
        Stats.histogramQuantile(0.95, bounds, counts),
        Stats.histogramQuantile(0.99, bounds, counts));
  }

  static double le(String label) {
    return label.equalsIgnoreCase("+Inf") || label.equalsIgnoreCase("Inf")
        ? Double.POSITIVE_INFINITY
        : Double.parseDouble(label);
  }
}
