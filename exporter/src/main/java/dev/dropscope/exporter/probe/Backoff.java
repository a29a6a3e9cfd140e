package dev.dropscope.exporter.probe;

import java.time.Duration;

/**
 * The delay before a component's next probe: its interval, doubled for each consecutive failure up
 * to {@value #MAX_FACTOR} times, then spread by up to {@value #JITTER_PERCENT}% either way so that
 * components started together do not stay in lockstep.
 */
final class Backoff {
  static final int MAX_FACTOR = 8;
  static final int JITTER_PERCENT = 10;

  private Backoff() {}

  /**
   * @param random a uniform sample from [0, 1); 0.5 means no jitter
   */
  static Duration delay(Duration interval, int consecutiveFailures, double random) {
    long factor = Math.min(MAX_FACTOR, 1L << Math.min(consecutiveFailures, 30));
    double jitter = 1 + (2 * random - 1) * JITTER_PERCENT / 100.0;
    return Duration.ofNanos(Math.round(interval.toNanos() * factor * jitter));
  }
}
