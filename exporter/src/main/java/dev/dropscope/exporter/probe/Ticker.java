package dev.dropscope.exporter.probe;

import java.time.Duration;

/** Runs a task after a delay, off the caller's thread. Tests substitute a manual ticker. */
interface Ticker extends AutoCloseable {

  /** Runs {@code task} once after {@code delay}; after {@link #close()}, never. */
  void schedule(Duration delay, Runnable task);

  /** Stops: nothing scheduled runs any more and running tasks are interrupted. */
  @Override
  void close();

  /** A ticker for no components at all: it runs nothing. */
  Ticker NONE =
      new Ticker() {
        @Override
        public void schedule(Duration delay, Runnable task) {}

        @Override
        public void close() {}
      };
}
