package dev.dropscope.exporter.simulate;

import java.time.Duration;
import java.time.Instant;

/**
 * Maps the wall clock to simulated time: the simulation starts at {@code start} when the wall clock
 * reads {@code wallStart} and runs {@code speed} times as fast, but never ahead of the wall clock,
 * so no event is stamped in the future. Infinite speed means "as fast as events can be sent".
 */
record SimClock(Instant start, Instant wallStart, double speed) {

  SimClock {
    if (!(speed > 0)) {
      throw new IllegalArgumentException("speed must be positive, was " + speed);
    }
  }

  /** The simulated time when the wall clock reads {@code wall}. */
  Instant at(Instant wall) {
    if (Double.isInfinite(speed)) {
      return wall;
    }
    long elapsed = Math.max(0, Duration.between(wallStart, wall).toMillis());
    Instant sim = start.plusMillis((long) (elapsed * speed));
    return sim.isBefore(wall) ? sim : wall;
  }

  /** The earliest wall-clock time at which the simulated clock reads {@code sim}. */
  Instant wallTimeOf(Instant sim) {
    if (Double.isInfinite(speed)) {
      return sim;
    }
    Instant paced =
        wallStart.plusMillis(
            (long) StrictMath.ceil(Duration.between(start, sim).toMillis() / speed));
    return paced.isAfter(sim) ? paced : sim;
  }
}
