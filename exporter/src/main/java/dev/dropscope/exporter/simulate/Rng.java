package dev.dropscope.exporter.simulate;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded random stream with the distributions the simulation needs. Each part of the world draws
 * from its own named stream, so adding a pack or a wallet does not shift the numbers another part
 * sees. Only {@link StrictMath} is used: {@link Math#log} and friends may differ in the last bit
 * between the interpreter and JIT-compiled code, which would break byte-identical replays.
 */
final class Rng {
  private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final SplittableRandom random;

  private Rng(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** The stream called {@code name} of the world seeded with {@code seed}. */
  static Rng stream(long seed, String name) {
    return new Rng(mix(seed, name));
  }

  /** A well-spread 64-bit hash of a seed and a name (SplitMix64's finaliser). */
  static long mix(long seed, String name) {
    long z = seed * 0x9E3779B97F4A7C15L + name.hashCode();
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [0, 1). */
  double uniform() {
    return random.nextDouble();
  }

  /** Uniform in [lo, hi). */
  double between(double lo, double hi) {
    return lo + (hi - lo) * random.nextDouble();
  }

  /** Uniform integer in [lo, hi], both inclusive. */
  int intBetween(int lo, int hi) {
    return lo + random.nextInt(hi - lo + 1);
  }

  /** Uniform long in [lo, hi], both inclusive. */
  long longBetween(long lo, long hi) {
    return lo + random.nextLong(hi - lo + 1);
  }

  boolean chance(double p) {
    return random.nextDouble() < p;
  }

  /** Standard normal (Box-Muller on StrictMath). */
  double gaussian() {
    double u1 = 1.0 - random.nextDouble(); // (0, 1]: log stays finite
    double u2 = random.nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
  }

  /** Lognormal with the given median and log-scale spread. */
  double lognormal(double median, double sigma) {
    return median * StrictMath.exp(sigma * gaussian());
  }

  /** Exponential with the given mean: waiting times of a Poisson process. */
  double exponential(double mean) {
    return -mean * StrictMath.log(1.0 - random.nextDouble());
  }

  <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  /** Picks {@code items[i]} with probability {@code weights[i] / sum(weights)}. */
  <T> T weighted(List<T> items, double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double r = random.nextDouble() * total;
    for (int i = 0; i < items.size(); i++) {
      r -= weights[i];
      if (r < 0) {
        return items.get(i);
      }
    }
    return items.getLast();
  }

  /** {@code 0x} followed by {@code digits} lowercase hex digits: addresses and tx hashes. */
  String hex(int digits) {
    StringBuilder sb = new StringBuilder(digits + 2).append("0x");
    for (int i = 0; i < digits; i++) {
      sb.append(HEX[random.nextInt(16)]);
    }
    return sb.toString();
  }

  /** {@code length} base58 characters: Solana signatures. */
  String base58(int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(BASE58.charAt(random.nextInt(BASE58.length())));
    }
    return sb.toString();
  }

  /** Rounds to {@code decimals} places (money, ratios). */
  static double round(double x, int decimals) {
    double scale = StrictMath.pow(10, decimals);
    return Math.round(x * scale) / scale;
  }

  /** Rounds down to {@code decimals} places, so shares that sum to at most 1 still do. */
  static double floor(double x, int decimals) {
    double scale = StrictMath.pow(10, decimals);
    return StrictMath.floor(x * scale) / scale;
  }

  /** Rounds to {@code digits} significant digits (prices from 0.005 to 100,000). */
  static double significant(double x, int digits) {
    return BigDecimal.valueOf(x)
        .round(new MathContext(digits, RoundingMode.HALF_EVEN))
        .doubleValue();
  }
}
