package dev.dropscope.etl.prometheus;

import java.time.Duration;

/**
 * Cuts a time range into windows {@code (from, to]} that each stay well below the most samples one
 * query may return: half of {@code prometheus.max_samples}, at the density (samples a second, over
 * all series of the heaviest selector) seen so far. A window is never longer than {@code
 * max_window}, and it ends on a multiple of a round step (1m, 5m, 15m, 1h, ...) no longer than
 * itself, so that runs cut the same windows and rollup buckets are rarely split.
 */
final class WindowPlanner {
  /** Round steps a window's end is aligned to, shortest first, in milliseconds. */
  private static final long[] STEPS = {
    1_000,
    5_000,
    15_000,
    30_000,
    60_000,
    300_000,
    900_000,
    1_800_000,
    3_600_000,
    7_200_000,
    10_800_000,
    21_600_000,
    43_200_000,
    86_400_000
  };

  /** The shortest window: one second. */
  static final long MIN_MILLIS = 1_000;

  private final long maxWindowMillis;
  private final long budget;

  WindowPlanner(Duration maxWindow, long maxSamples) {
    this.maxWindowMillis = Math.max(MIN_MILLIS, maxWindow.toMillis());
    this.budget = Math.max(1, maxSamples / 2);
  }

  /** The samples one window aims to stay under. */
  long budget() {
    return budget;
  }

  /**
   * The density to assume before any window is loaded: every series scraped once a second, which
   * few setups exceed. The first windows are short; {@link #observed} lengthens them.
   */
  static double initialDensity(long seriesCount) {
    return Math.max(1, seriesCount);
  }

  /**
   * The density a loaded window showed, or {@code previous} when it held no samples (a gap says
   * nothing about what follows).
   */
  static double observed(double previous, long samples, long windowMillis) {
    if (samples <= 0 || windowMillis <= 0) {
      return previous;
    }
    return samples * 1000.0 / windowMillis;
  }

  /** The longest window the budget allows at {@code density} samples a second. */
  long length(double density) {
    double seconds = density > 0 ? budget / density : Double.MAX_VALUE;
    long millis = seconds >= maxWindowMillis / 1000.0 ? maxWindowMillis : (long) (seconds * 1000);
    return Math.max(MIN_MILLIS, millis);
  }

  /** The end of the window that starts after {@code from}, no later than {@code to}. */
  long nextEnd(long from, long to, double density) {
    long length = length(density);
    long step = step(length);
    long end = Math.floorDiv(from + length, step) * step; // > from, as step <= length
    return Math.min(end, to);
  }

  /** The longest round step no longer than {@code length} (the length itself below a second). */
  static long step(long length) {
    long step = length;
    for (long s : STEPS) {
      if (s <= length) {
        step = s;
      }
    }
    return step;
  }
}
