package dev.dropscope.exporter.probe;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The real ticker: one platform thread keeps the timetable and every task runs on a virtual thread
 * of its own, so a probe waiting on a slow component holds neither the timetable nor another
 * component's probe, and nothing here ever runs on a scrape.
 */
final class ThreadTicker implements Ticker {
  private final ScheduledExecutorService timetable =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "probe-scheduler");
            t.setDaemon(true);
            return t;
          });
  private final ExecutorService workers =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("probe-", 0).factory());

  @Override
  public void schedule(Duration delay, Runnable task) {
    try {
      timetable.schedule(() -> run(task), delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closed) {
      // closed: nothing runs any more
    }
  }

  private void run(Runnable task) {
    try {
      workers.execute(task);
    } catch (RejectedExecutionException closed) {
      // closed between the timetable firing and the hand-over
    }
  }

  @Override
  public void close() {
    timetable.shutdownNow();
    workers.shutdownNow();
  }
}
