package dev.dropscope.exporter.simulate;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * The simulated clock: actions scheduled at simulated times (epoch milliseconds), run in time
 * order, ties in the order they were scheduled. Nothing here reads the wall clock.
 */
final class Agenda {
  private record Entry(long at, long seq, Runnable action) {}

  private final PriorityQueue<Entry> queue =
      new PriorityQueue<>(Comparator.comparingLong(Entry::at).thenComparingLong(Entry::seq));
  private long now;
  private long seq;

  Agenda(long startMillis) {
    this.now = startMillis;
  }

  /** The simulated time, epoch milliseconds. */
  long now() {
    return now;
  }

  /** Runs {@code action} at {@code at}, or now when {@code at} has passed. */
  void at(long at, Runnable action) {
    queue.add(new Entry(Math.max(at, now), seq++, action));
  }

  /** Runs {@code action} {@code delayMillis} from now. */
  void after(long delayMillis, Runnable action) {
    at(now + delayMillis, action);
  }

  /** Runs {@code action} {@code phaseMillis} from now, then every {@code periodMillis}. */
  void every(long periodMillis, long phaseMillis, Runnable action) {
    at(
        now + phaseMillis,
        new Runnable() {
          @Override
          public void run() {
            action.run();
            after(periodMillis, this);
          }
        });
  }

  /** Runs every action due at or before {@code until}, then sets the clock to {@code until}. */
  void runUntil(long until) {
    while (!queue.isEmpty() && queue.peek().at() <= until) {
      Entry e = queue.poll();
      now = e.at();
      e.action().run();
    }
    now = Math.max(now, until);
  }

  /** When the next action is due, or {@link Long#MAX_VALUE} when none is. */
  long next() {
    Entry e = queue.peek();
    return e == null ? Long.MAX_VALUE : e.at();
  }
}
