package dev.dropscope.exporter.probe;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A ticker the test drives: it records what is scheduled with which delay and runs a task only when
 * told, on the test's thread. No time passes, so no test waits for an interval.
 */
final class ManualTicker implements Ticker {
  private record Due(Duration delay, Runnable task) {}

  private final Deque<Due> due = new ArrayDeque<>();
  private final List<Duration> delays = new ArrayList<>();
  private boolean closed;

  @Override
  public synchronized void schedule(Duration delay, Runnable task) {
    if (!closed) {
      due.add(new Due(delay, task));
      delays.add(delay);
    }
  }

  /** Runs the task scheduled first, as if its delay had passed. */
  void runNext() {
    Due next;
    synchronized (this) {
      if (due.isEmpty()) {
        throw new AssertionError("nothing is scheduled");
      }
      next = due.removeFirst();
    }
    next.task().run();
  }

  /** How many tasks wait to run. */
  synchronized int pending() {
    return due.size();
  }

  /** Every delay asked for so far, in order. */
  synchronized List<Duration> delays() {
    return List.copyOf(delays);
  }

  /** The delay the latest scheduled task asked for. */
  synchronized Duration lastDelay() {
    return delays.getLast();
  }

  @Override
  public synchronized void close() {
    closed = true;
    due.clear();
  }
}
