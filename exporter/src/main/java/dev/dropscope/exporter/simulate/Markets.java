package dev.dropscope.exporter.simulate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Seeded geometric random walks for the prices every pack reads: one step a simulated minute, on a
 * fixed grid from the start, so the path does not depend on who asks or how often. Farmed tokens
 * are more volatile than ETH and BTC and drift down (post-airdrop sell pressure). USDC is 1.
 */
final class Markets {
  static final long STEP_MILLIS = 60_000;
  private static final double STEP_DAYS = STEP_MILLIS / 86_400_000.0;

  /** A traded asset: its starting price (before the seed's jitter) and daily log volatility. */
  record Asset(String symbol, double startUsd, double dailyVolatility, double dailyDrift) {}

  static final List<Asset> ASSETS =
      List.of(
          new Asset("ETH", 3400, 0.035, 0),
          new Asset("BTC", 98_000, 0.025, 0),
          new Asset("SOL", 190, 0.045, 0),
          new Asset("ZK", 0.12, 0.060, -0.003),
          new Asset("STRK", 0.35, 0.065, -0.003),
          new Asset("ZRO", 3.5, 0.055, -0.002),
          new Asset("SCR", 0.55, 0.070, -0.003),
          new Asset("LINEA", 0.02, 0.080, -0.004),
          new Asset("BLAST", 0.006, 0.080, -0.004),
          new Asset("EIGEN", 2.5, 0.060, -0.002));

  private final Rng rng;
  private final Map<String, Integer> index = new HashMap<>();
  private final double[] price;
  private long stepAt;

  Markets(long seed, long startMillis) {
    this.rng = Rng.stream(seed, "markets");
    this.price = new double[ASSETS.size()];
    for (int i = 0; i < ASSETS.size(); i++) {
      index.put(ASSETS.get(i).symbol(), i);
      price[i] = ASSETS.get(i).startUsd() * rng.lognormal(1.0, 0.15);
    }
    this.stepAt = startMillis;
  }

  /** The price of {@code symbol} at simulated time {@code now} (which must not go backwards). */
  double usd(String symbol, long now) {
    if (symbol.equals("USDC")) {
      return 1.0;
    }
    Integer i = index.get(symbol);
    if (i == null) {
      throw new IllegalArgumentException("no price walk for " + symbol);
    }
    advance(now);
    return price[i];
  }

  private void advance(long now) {
    while (stepAt + STEP_MILLIS <= now) {
      stepAt += STEP_MILLIS;
      for (int i = 0; i < price.length; i++) {
        Asset a = ASSETS.get(i);
        double sigma = a.dailyVolatility() * StrictMath.sqrt(STEP_DAYS);
        double mu = (a.dailyDrift() - 0.5 * a.dailyVolatility() * a.dailyVolatility()) * STEP_DAYS;
        price[i] *= StrictMath.exp(mu + sigma * rng.gaussian());
      }
    }
  }
}
