package dev.dropscope.etl.analytics;

import dev.dropscope.etl.analytics.Dataset.Claim;
import dev.dropscope.etl.analytics.Dataset.Interaction;
import dev.dropscope.etl.analytics.Dataset.ManualCost;
import dev.dropscope.etl.analytics.Dataset.Plan;
import dev.dropscope.etl.analytics.Dataset.Position;
import dev.dropscope.etl.analytics.Dataset.Sample;
import dev.dropscope.etl.analytics.Dataset.Snapshot;
import dev.dropscope.etl.analytics.Dataset.Trade;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A seeded, synthetic 90-day history that exercises every analytics view and its edge cases:
 * protocols that pay, lose, fail their claims or never distribute; seasonal claims for the
 * forecast; several wallets with snapshot gaps, same-instant snapshots and a day without any;
 * hourly prices with a missing day, a NaN and two series at one instant; a latency histogram with a
 * counter reset; trades with idle days; ALERTS episodes resolved, merged across an exact 5-minute
 * gap, still firing, and without a severity.
 */
final class SyntheticDataset {
  static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
  static final int DAYS = 90;

  /** A farmed protocol: how its seasons, claims and interactions come. */
  private record Farm(
      String protocol,
      String token,
      double seasonEveryDays,
      double seasonJitterDays,
      double firstSeasonDay,
      int claimsPerSeason,
      double claimSuccess,
      double claimMedianUsd,
      double interactionsPerDay,
      double feeMedianUsd,
      int lastActiveDay) {}

  private static final List<Farm> FARMS =
      List.of(
          new Farm("zksync", "ZK", 18, 1, 3, 8, 0.93, 320, 6, 0.25, DAYS - 1),
          new Farm("starknet", "STRK", 24, 3, 5, 6, 0.88, 260, 5, 0.30, DAYS - 1),
          new Farm("blast", "BLAST", 30, 2, 10, 10, 0.55, 60, 8, 0.05, DAYS - 1),
          new Farm("scroll", "SCR", 45, 0, 20, 5, 0.95, 150, 3, 0.10, DAYS - 1),
          new Farm("eigenlayer", "EIGEN", 1000, 0, 60, 4, 0.97, 40, 4, 9.0, DAYS - 1),
          new Farm("linea", "LINEA", 0, 0, 0, 0, 0, 0, 5, 0.12, 45));

  private static final List<String> WALLETS = List.of("0xw1", "0xw2", "0xw3");
  private static final List<String> ACTIONS = List.of("swap", "bridge", "stake", "lp_add", "mint");

  /** Starting price and daily volatility of each priced token. */
  private static final Map<String, double[]> MARKETS = new LinkedHashMap<>();

  static {
    MARKETS.put("ETH", new double[] {3400, 0.06});
    MARKETS.put("BTC", new double[] {98_000, 0.035});
    MARKETS.put("ZK", new double[] {0.12, 0.09});
    MARKETS.put("STRK", new double[] {0.35, 0.08});
    MARKETS.put("BLAST", new double[] {0.006, 0.10});
    MARKETS.put("SCR", new double[] {0.55, 0.08});
  }

  private static final List<String> LE =
      List.of(
          "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0",
          "+Inf");

  private final SplittableRandom rng;
  private final Map<String, double[]> hourlyPrices = new HashMap<>();

  private SyntheticDataset(long seed) {
    this.rng = new SplittableRandom(seed);
  }

  static Dataset generate(long seed) {
    return new SyntheticDataset(seed).build();
  }

  private Dataset build() {
    walkPrices();
    List<Claim> claims = new ArrayList<>();
    List<Interaction> interactions = new ArrayList<>();
    for (Farm f : FARMS) {
      claims.addAll(claims(f));
      interactions.addAll(interactions(f));
    }
    List<Sample> samples = new ArrayList<>(priceSamples());
    samples.addAll(latencySamples());
    Instant loadedTo = START.plus(Duration.ofDays(DAYS - 1).plusHours(12));
    samples.addAll(alertSamples(loadedTo));
    claims.sort(Comparator.comparing(Claim::ts));
    interactions.sort(Comparator.comparing(Interaction::ts));
    return new Dataset(
        claims,
        interactions,
        snapshots(),
        samples,
        trades(),
        List.of(
            new ManualCost("eigenlayer", "fixed", usd(200), LocalDate.parse("2026-01-10"), null),
            new ManualCost(
                "eigenlayer",
                "monthly",
                usd(30),
                LocalDate.parse("2026-01-01"),
                LocalDate.parse("2026-03-31")),
            new ManualCost("zksync", "monthly", usd(10), LocalDate.parse("2026-01-01"), null),
            new ManualCost("blast", "fixed", usd(75), LocalDate.parse("2100-01-01"), null),
            new ManualCost("monad", "fixed", usd(50), LocalDate.parse("2026-02-01"), null)),
        List.of(new Plan("zksync", 500), new Plan("eigenlayer", 100), new Plan("monad", 300)),
        loadedTo);
  }

  // --- claims and interactions -----------------------------------------------------------------

  private List<Claim> claims(Farm f) {
    List<Claim> claims = new ArrayList<>();
    for (int k = 0; f.claimsPerSeason() > 0; k++) {
      double startDay =
          f.firstSeasonDay()
              + k * f.seasonEveryDays()
              + between(-f.seasonJitterDays(), f.seasonJitterDays());
      if (startDay > DAYS - 3) {
        break;
      }
      Instant start = at(startDay);
      for (int i = 0; i < f.claimsPerSeason(); i++) {
        Instant ts = i == 0 ? start : start.plus(micros(between(0, 1.5 * 86_400)));
        boolean ok = rng.nextDouble() < f.claimSuccess();
        BigDecimal value = ok ? usd(lognormal(f.claimMedianUsd(), 0.8)) : null;
        if (ok && claims.size() == 2 && f.protocol().equals("zksync")) {
          value = null; // a successful claim whose value the bot could not price
        }
        claims.add(
            new Claim(
                id(ts),
                ts,
                f.protocol(),
                pick(WALLETS),
                f.token(),
                ok ? "success" : "failed",
                value == null ? null : scale(value.doubleValue() * 2, 6),
                value,
                rng.nextDouble() < 0.03
                    ? null
                    : scale(lognormal(0.3 * f.feeMedianUsd() + 0.02, 0.3), 4),
                rng.nextLong(50_000, 400_000)));
      }
    }
    return claims;
  }

  private List<Interaction> interactions(Farm f) {
    List<Interaction> interactions = new ArrayList<>();
    for (int day = 0; day <= f.lastActiveDay(); day++) {
      long n = Math.round(f.interactionsPerDay() * between(0.5, 1.5));
      for (int i = 0; i < n; i++) {
        Instant ts = at(day + rng.nextDouble());
        interactions.add(
            new Interaction(
                id(ts),
                ts,
                f.protocol(),
                pick(WALLETS),
                pick(ACTIONS),
                rng.nextDouble() < 0.05 ? "failed" : "success",
                rng.nextDouble() < 0.01 ? null : scale(lognormal(f.feeMedianUsd(), 0.4), 4),
                rng.nextDouble() < 0.02 ? null : rng.nextLong(21_000, 1_500_000)));
      }
    }
    return interactions;
  }

  // --- portfolio -------------------------------------------------------------------------------

  private List<Snapshot> snapshots() {
    Map<String, Map<String, Double>> holdings = new LinkedHashMap<>();
    holdings.put("0xw1", amounts("ETH", 10, "USDC", 2000, "ZK", 20_000));
    holdings.put("0xw2", amounts("ETH", 4, "BTC", 0.1, "STRK", 3000));
    holdings.put("0xw3", amounts("ETH", 2, "USDC", 500, "BLAST", 100_000, "SCR", 0));
    List<Snapshot> snapshots = new ArrayList<>();
    for (int day = 0; day < 70; day++) {
      for (Map.Entry<String, Map<String, Double>> w : holdings.entrySet()) {
        drift(w.getValue());
        String wallet = w.getKey();
        boolean missing =
            day == 40 // no snapshot of any wallet: the portfolio's returns skip a day
                || (wallet.equals("0xw2") && day == 22)
                || (wallet.equals("0xw3") && day < 10);
        if (missing) {
          continue;
        }
        Instant ts = at(day).plus(Duration.ofMinutes(5)).plus(micros(between(0, 600)));
        snapshots.add(snapshot(wallet, ts, w.getValue()));
        if (wallet.equals("0xw1") && day % 7 == 3) {
          snapshots.add(snapshot(wallet, ts.plus(Duration.ofHours(12)), w.getValue()));
        }
        if (wallet.equals("0xw1") && day == 30) { // two snapshots at one instant
          Map<String, Double> other = new LinkedHashMap<>(w.getValue());
          other.merge("ETH", 0.5, Double::sum);
          snapshots.add(snapshot(wallet, ts, other));
        }
      }
    }
    return snapshots;
  }

  private static Map<String, Double> amounts(Object... tokenAmounts) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < tokenAmounts.length; i += 2) {
      m.put((String) tokenAmounts[i], ((Number) tokenAmounts[i + 1]).doubleValue());
    }
    return m;
  }

  private void drift(Map<String, Double> holdings) {
    holdings.replaceAll(
        (token, amount) ->
            token.equals("USDC") ? amount : amount * (1 + 0.01 * rng.nextGaussian()));
  }

  private Snapshot snapshot(String wallet, Instant ts, Map<String, Double> holdings) {
    List<Position> positions = new ArrayList<>();
    BigDecimal total = BigDecimal.ZERO;
    for (Map.Entry<String, Double> h : holdings.entrySet()) {
      BigDecimal amount = scale(h.getValue(), 6);
      BigDecimal value = usd(amount.doubleValue() * price(h.getKey(), ts));
      positions.add(new Position(h.getKey(), amount, value));
      total = total.add(value);
    }
    return new Snapshot(id(ts), ts, wallet, total, positions);
  }

  // --- prices ----------------------------------------------------------------------------------

  private void walkPrices() {
    for (Map.Entry<String, double[]> m : MARKETS.entrySet()) {
      double sigma = m.getValue()[1] / Math.sqrt(24);
      double[] path = new double[DAYS * 24];
      path[0] = m.getValue()[0];
      for (int h = 1; h < path.length; h++) {
        path[h] = path[h - 1] * Math.exp(-0.5 * sigma * sigma + sigma * rng.nextGaussian());
      }
      hourlyPrices.put(m.getKey(), path);
    }
  }

  private double price(String token, Instant ts) {
    if (token.equals("USDC")) {
      return 1;
    }
    int hour = (int) Duration.between(START, ts).toHours();
    return hourlyPrices.get(token)[Math.min(hour, DAYS * 24 - 1)];
  }

  private List<Sample> priceSamples() {
    List<Sample> samples = new ArrayList<>();
    for (String token : MARKETS.keySet()) {
      Map<String, String> labels = priceLabels(token, "bot-1:9101");
      for (int h = 0; h < DAYS * 24; h++) {
        int day = h / 24;
        if (token.equals("BTC") && day == 50) {
          continue; // no BTC price that day: its returns skip it
        }
        Instant ts = START.plus(Duration.ofHours(h));
        double usd = significant(hourlyPrices.get(token)[h], 6);
        boolean nan = token.equals("BTC") && day == 20 && h % 24 == 23;
        samples.add(new Sample("airdrops_token_price_usd", labels, ts, nan ? Double.NaN : usd));
        if (token.equals("ETH") && day == 15) { // a second exporter, same instants
          samples.add(
              new Sample(
                  "airdrops_token_price_usd",
                  priceLabels(token, "bot-2:9101"),
                  ts,
                  significant(usd * 1.001, 6)));
        }
      }
    }
    return samples;
  }

  private static Map<String, String> priceLabels(String token, String instance) {
    return Map.of("token", token, "job", "dropscope", "instance", instance);
  }

  // --- the exchange latency histogram ----------------------------------------------------------

  private List<Sample> latencySamples() {
    List<Sample> samples = new ArrayList<>();
    Map<String, Double> medians = Map.of("binance", 0.045, "okx", 0.07);
    for (String exchange : List.of("binance", "okx")) {
      for (String endpoint : List.of("order", "ticker")) {
        double median = medians.get(exchange) * (endpoint.equals("order") ? 1.6 : 0.6);
        long[] cumulative = new long[LE.size()];
        for (int scrape = 0; scrape < 10 * 48; scrape++) {
          if (exchange.equals("binance") && scrape == 240) {
            cumulative = new long[LE.size()]; // the exporter restarted: counters reset
          }
          int observations = rng.nextInt(0, 15);
          for (int i = 0; i < observations; i++) {
            double seconds = lognormal(median, 0.5) * (rng.nextDouble() < 0.01 ? 30 : 1);
            for (int b = 0; b < LE.size(); b++) {
              if (seconds <= TradingReference.le(LE.get(b))) {
                cumulative[b]++;
              }
            }
          }
          Instant ts = START.plus(Duration.ofMinutes(30L * scrape));
          for (int b = 0; b < LE.size(); b++) {
            samples.add(
                new Sample(
                    TradingReference.LATENCY_BUCKETS,
                    Map.of(
                        "exchange",
                        exchange,
                        "endpoint",
                        endpoint,
                        "le",
                        LE.get(b),
                        "job",
                        "dropscope",
                        "instance",
                        "bot-1:9101"),
                    ts,
                    cumulative[b]));
          }
        }
      }
    }
    return samples;
  }

  // --- trades ----------------------------------------------------------------------------------

  private List<Trade> trades() {
    List<Trade> trades = new ArrayList<>();
    List<String> exchanges = List.of("binance", "bybit", "okx");
    List<String> symbols = List.of("BTC-USDT", "ETH-USDT", "SOL-USDT");
    for (int day = 0; day < 60; day++) {
      if (day == 12 || day == 13) {
        continue; // idle days count as 0 in the Sharpe ratio
      }
      int n = rng.nextInt(3, 12);
      for (int i = 0; i < n; i++) {
        Instant ts = at(day + rng.nextDouble());
        boolean sell = rng.nextBoolean();
        BigDecimal pnl =
            !sell ? null : rng.nextDouble() < 0.05 ? usd(0) : usd(3 + 40 * rng.nextGaussian());
        double agent = rng.nextDouble();
        trades.add(
            new Trade(
                id(ts),
                ts,
                pick(exchanges),
                pick(symbols),
                sell ? "sell" : "buy",
                pnl,
                rng.nextDouble() < 0.02 ? null : scale(between(0.2, 3), 4),
                rng.nextDouble() < 0.05 ? null : significant(lognormal(0.15, 0.6), 4),
                agent < 0.1 ? null : agent < 0.55 ? "momentum" : "mean_reversion"));
      }
    }
    trades.sort(Comparator.comparing(Trade::ts));
    return trades;
  }

  // --- ALERTS ----------------------------------------------------------------------------------

  private static List<Sample> alertSamples(Instant loadedTo) {
    Map<String, String> claims =
        Map.of(
            "alertname", "HighClaimFailureRate",
            "alertstate", "firing",
            "severity", "warning",
            "protocol", "blast");
    Map<String, String> pending = new HashMap<>(claims);
    pending.put("alertstate", "pending");
    Map<String, String> down =
        Map.of(
            "alertname", "ExporterDown",
            "alertstate", "firing",
            "severity", "critical",
            "job", "dropscope");
    Map<String, String> disk =
        Map.of("alertname", "DiskAlmostFull", "alertstate", "firing", "mountpoint", "/");
    Instant day10 = START.plus(Duration.ofDays(10));
    List<Sample> samples = new ArrayList<>();
    firing(samples, pending, day10.plus(Duration.ofMinutes(595)), Duration.ofMinutes(5));
    firing(samples, claims, day10.plus(Duration.ofHours(10)), Duration.ofMinutes(45));
    // resumes exactly 5 minutes after the last sample: the same episode
    firing(samples, claims, day10.plus(Duration.ofMinutes(650)), Duration.ofMinutes(10));
    firing(samples, claims, day10.plus(Duration.ofMinutes(690)), Duration.ofMinutes(10));
    firing(samples, claims, START.plus(Duration.ofDays(40).plusHours(2)), Duration.ofHours(1));
    firing(samples, down, START.plus(Duration.ofDays(20).plusHours(5)), Duration.ofMinutes(10));
    // still firing when the samples end
    firing(samples, down, loadedTo.minus(Duration.ofMinutes(30)), Duration.ofMinutes(29));
    firing(samples, disk, START.plus(Duration.ofDays(30)), Duration.ofMinutes(20));
    return samples;
  }

  /** One ALERTS sample a minute from {@code from} to {@code from + length}, both included. */
  private static void firing(
      List<Sample> samples, Map<String, String> labels, Instant from, Duration length) {
    for (Instant t = from; !t.isAfter(from.plus(length)); t = t.plus(Duration.ofMinutes(1))) {
      samples.add(new Sample("ALERTS", labels, t, 1));
    }
  }

  // --- helpers ---------------------------------------------------------------------------------

  /** A UUIDv7 of {@code ts}: ordered by time, random within the millisecond. */
  private UUID id(Instant ts) {
    long msb = (ts.toEpochMilli() << 16) | 0x7000L | rng.nextLong(0x1000);
    long lsb = (rng.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb);
  }

  /** {@code days} after the start, to the microsecond. */
  private static Instant at(double days) {
    return START.plus(micros(days * 86_400));
  }

  private static Duration micros(double seconds) {
    return Duration.of(Math.round(seconds * 1e6), ChronoUnit.MICROS);
  }

  private double between(double lo, double hi) {
    return lo == hi ? lo : lo + (hi - lo) * rng.nextDouble();
  }

  private double lognormal(double median, double sigma) {
    return median * Math.exp(sigma * rng.nextGaussian());
  }

  private <T> T pick(List<T> values) {
    return values.get(rng.nextInt(values.size()));
  }

  private static BigDecimal usd(double x) {
    return scale(x, 2);
  }

  private static BigDecimal scale(double x, int digits) {
    return BigDecimal.valueOf(x).setScale(digits, RoundingMode.HALF_UP);
  }

  private static double significant(double x, int digits) {
    return new BigDecimal(x).round(new MathContext(digits)).doubleValue();
  }
}
