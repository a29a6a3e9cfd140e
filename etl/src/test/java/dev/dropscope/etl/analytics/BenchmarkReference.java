package dev.dropscope.etl.analytics;

import static dev.dropscope.etl.analytics.ClaimsReference.day;

import dev.dropscope.etl.analytics.Dataset.Price;
import dev.dropscope.etl.analytics.Rows.BenchmarkComparison;
import dev.dropscope.etl.analytics.Rows.BenchmarkDaily;
import dev.dropscope.etl.analytics.Rows.PortfolioDaily;
import dev.dropscope.etl.analytics.Rows.TokenPriceDaily;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The price and benchmark views, computed from the price samples and the portfolio. */
final class BenchmarkReference {
  static final List<String> BENCHMARKS = List.of("ETH", "BTC");

  private BenchmarkReference() {}

  /** Each token's last price of each UTC day (NaN left out; ties at the last instant averaged). */
  static List<TokenPriceDaily> tokenPriceDaily(Dataset d) {
    // token -> day -> last instant -> prices at it
    Map<String, Map<Instant, TreeMap<Instant, List<Double>>>> prices = new TreeMap<>();
    for (Price p : d.prices()) {
      if (!Double.isNaN(p.usd())) {
        prices
            .computeIfAbsent(p.token(), k -> new TreeMap<>())
            .computeIfAbsent(day(p.ts()), k -> new TreeMap<>())
            .computeIfAbsent(p.ts(), k -> new ArrayList<>())
            .add(p.usd());
      }
    }
    List<TokenPriceDaily> rows = new ArrayList<>();
    prices.forEach(
        (token, days) ->
            days.forEach(
                (day, byInstant) ->
                    rows.add(
                        new TokenPriceDaily(
                            day, token, Stats.mean(byInstant.lastEntry().getValue())))));
    return rows;
  }

  static List<BenchmarkDaily> benchmarkDaily(Dataset d) {
    Map<Instant, Double> portfolio = new TreeMap<>();
    for (PortfolioDaily p : PortfolioReference.daily(d)) {
      if (p.dailyReturn() != null) {
        portfolio.put(p.day(), p.dailyReturn());
      }
    }
    List<TokenPriceDaily> prices = tokenPriceDaily(d);
    List<BenchmarkDaily> rows = new ArrayList<>();
    for (String benchmark : BENCHMARKS) {
      double portfolioIndex = 100;
      double benchmarkIndex = 100;
      TokenPriceDaily previous = null;
      for (TokenPriceDaily p : prices) {
        if (!p.token().equals(benchmark)) {
          continue;
        }
        if (previous != null
            && previous.day().plus(Duration.ofDays(1)).equals(p.day())
            && previous.priceUsd() != 0
            && portfolio.containsKey(p.day())) {
          double rb = p.priceUsd() / previous.priceUsd() - 1;
          double rp = portfolio.get(p.day());
          portfolioIndex *= 1 + rp;
          benchmarkIndex *= 1 + rb;
          rows.add(new BenchmarkDaily(p.day(), benchmark, rp, rb, portfolioIndex, benchmarkIndex));
        }
        previous = p;
      }
    }
    return rows;
  }

  static List<BenchmarkComparison> comparison(Dataset d) {
    List<BenchmarkDaily> daily = benchmarkDaily(d);
    List<BenchmarkComparison> rows = new ArrayList<>();
    for (String benchmark : BENCHMARKS) {
      List<BenchmarkDaily> days =
          daily.stream().filter(x -> x.benchmark().equals(benchmark)).toList();
      List<Double> rp = days.stream().map(BenchmarkDaily::portfolioReturn).toList();
      List<Double> rb = days.stream().map(BenchmarkDaily::benchmarkReturn).toList();
      Double beta = Stats.ratio(Stats.covarSamp(rp, rb), Stats.covarSamp(rb, rb));
      Double alpha = beta == null ? null : Stats.mean(rp) - beta * Stats.mean(rb);
      rows.add(
          new BenchmarkComparison(
              benchmark,
              compounded(rp),
              compounded(rb),
              alpha,
              beta,
              days.size(),
              Stats.correlation(rp, rb),
              alpha == null ? null : alpha * 365));
    }
    return rows;
  }

  private static Double compounded(List<Double> returns) {
    if (returns.isEmpty()) {
      return null;
    }
    double growth = 1;
    for (double r : returns) {
      growth *= 1 + r;
    }
    return growth - 1;
  }
}
