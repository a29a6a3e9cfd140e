package dev.dropscope.etl.prometheus;

import dev.dropscope.etl.run.Source;
import dev.dropscope.etl.run.SourceRejectedException;
import dev.dropscope.etl.run.SourceUnavailableException;
import dev.dropscope.etl.store.Database;
import dev.dropscope.etl.store.DatabaseException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a range window by window, each window one transaction ({@link Lane}), two windows in
 * flight: while one window's rollups are written and committed on one connection, the next one
 * streams in from Prometheus on the other, so that Prometheus, this JVM and PostgreSQL work at the
 * same time. Windows still commit in order, each with its watermark, and a failure stops the run
 * with every window before it committed and none after it.
 */
final class WindowLoader {
  private static final Logger log = LoggerFactory.getLogger(WindowLoader.class);

  private final PrometheusClient client;
  private final SeriesCatalog catalog;
  private final WindowPlanner planner;
  private final List<String> selectors;

  /** What the window's transaction writes besides samples and rollups: its watermarks. */
  @FunctionalInterface
  interface Bookkeeping {
    void record(Connection c, long fromMillis, long toMillis) throws SQLException;
  }

  /**
   * What a committed window held.
   *
   * @param fetched samples Prometheus returned inside the window
   * @param inserted of those, the ones that were new
   * @param heaviest the most samples one selector returned: what the next window is planned by
   * @param histograms native histogram samples skipped
   */
  record Loaded(long fetched, long inserted, long heaviest, long histograms) {}

  WindowLoader(
      PrometheusClient client,
      SeriesCatalog catalog,
      WindowPlanner planner,
      List<String> selectors) {
    this.client = client;
    this.catalog = catalog;
    this.planner = planner;
    this.selectors = List.copyOf(selectors);
  }

  /** A run of windows: its connections open on first use and are kept for the next windows. */
  Run open(Database db) {
    return new Run(db);
  }

  static String window(long from, long to) {
    return Lane.window(from, to);
  }

  /** The windows of one catch-up or backfill. */
  final class Run implements AutoCloseable {
    private final Lane[] lanes;
    private final SeriesCatalog.Session series;

    /** Days whose sample partition a committed window made sure of; read by the streaming lane. */
    private final Set<Long> knownDays = ConcurrentHashMap.newKeySet();

    private ExecutorService ahead;

    private Run(Database db) {
      this.lanes = new Lane[] {new Lane(db, client, selectors), new Lane(db, client, selectors)};
      this.series = catalog.session(db);
    }

    /** Registers the series the run expects, all at once, before its first window. */
    void prepare(List<SeriesKey> expected) throws DatabaseException {
      try {
        series.prepare(expected);
      } catch (SQLException e) {
        throw Failures.database(e, "registering " + expected.size() + " series");
      }
    }

    /**
     * Loads {@code (start, end]}, planning each window at the density the previous one showed
     * ({@code density} for the first), halving one that holds too many samples for one query.
     */
    Source.Progress load(
        long start,
        long end,
        double density,
        Bookkeeping bookkeeping,
        PrometheusSource.WindowListener listener)
        throws SourceUnavailableException, DatabaseException, InterruptedException {
      Source.Progress total = Source.Progress.NONE;
      int current = 0;
      long from = start;
      Lane.Streamed pending = null; // streamed on lanes[current], not committed yet
      while (pending != null || from < end) {
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        if (pending == null) {
          long to = planner.nextEnd(from, end, density);
          try {
            pending = lanes[current].stream(series, from, to, knownDays);
          } catch (TooManySamplesException e) {
            density = halved(e, from, to);
            continue;
          }
          density = WindowPlanner.observed(density, pending.heaviest(), to - from);
          from = to;
        }
        Lane next = lanes[1 - current];
        long nextFrom = from;
        long nextTo = from < end ? planner.nextEnd(from, end, density) : -1;
        Future<Lane.Streamed> streaming = nextTo < 0 ? null : streamAhead(next, nextFrom, nextTo);
        Loaded loaded;
        try {
          loaded = finish(lanes[current], pending, bookkeeping);
        } catch (Lane.DirectConflict e) {
          abandon(next, streaming); // the catalog serves one stream at a time
          loaded = reload(lanes[current], pending, bookkeeping);
          streaming = null;
          nextTo = -1;
        } catch (DatabaseException | RuntimeException e) {
          abandon(next, streaming);
          throw e;
        }
        knownDays.addAll(Lane.days(pending.from(), pending.to()));
        report(pending, loaded, listener);
        total = total.plus(new Source.Progress(1, loaded.inserted(), 0));
        pending = null;
        if (streaming != null) {
          current = 1 - current;
          try {
            pending = streaming.get();
            density = WindowPlanner.observed(density, pending.heaviest(), nextTo - nextFrom);
            from = nextTo;
          } catch (ExecutionException e) {
            if (e.getCause() instanceof TooManySamplesException tooMany) {
              density = halved(tooMany, nextFrom, nextTo); // from stays: plan it again, shorter
            } else {
              throw rethrow(e.getCause());
            }
          } catch (InterruptedException e) {
            abandon(next, streaming);
            throw e;
          }
        }
      }
      return total;
    }

    private Future<Lane.Streamed> streamAhead(Lane lane, long from, long to) {
      return executor().submit(() -> lane.stream(series, from, to, knownDays));
    }

    private Loaded finish(Lane lane, Lane.Streamed s, Bookkeeping bookkeeping)
        throws DatabaseException {
      return lane.finish(s, bookkeeping);
    }

    /** Loads a window again through the staging table, after its rollups met someone else's. */
    private Loaded reload(Lane lane, Lane.Streamed s, Bookkeeping bookkeeping)
        throws DatabaseException, SourceUnavailableException {
      try {
        return lane.finish(lane.stream(series, s.from(), s.to(), Set.of()), bookkeeping);
      } catch (TooManySamplesException e) {
        throw new SourceRejectedException(e.getMessage(), e); // it fitted a moment ago
      }
    }

    private double halved(TooManySamplesException e, long from, long to) {
      long length = to - from;
      if (length <= WindowPlanner.MIN_MILLIS) {
        throw new SourceRejectedException(
            e.getMessage()
                + "; even a one-second window is too many: narrow prometheus.selectors or raise"
                + " the server's --query.max-samples",
            e);
      }
      log.info("{} has too many samples for one query; halving it", window(from, to));
      return planner.budget() * 2000.0 / length; // the next plan halves the window
    }

    private void report(Lane.Streamed s, Loaded loaded, PrometheusSource.WindowListener listener) {
      if (loaded.histograms() > 0) {
        log.warn(
            "{}: skipped {} native histogram samples (not loaded yet)",
            window(s.from(), s.to()),
            loaded.histograms());
      }
      listener.loaded(
          Instant.ofEpochMilli(s.from()),
          Instant.ofEpochMilli(s.to()),
          loaded.fetched(),
          loaded.inserted());
    }

    /**
     * Stops the window streaming ahead: its connection is closed (the window rolls back) and its
     * task is waited for, so that nothing of this run still runs when it fails.
     */
    private void abandon(Lane lane, Future<Lane.Streamed> streaming) {
      if (streaming == null) {
        return;
      }
      lane.close();
      try {
        streaming.get();
      } catch (ExecutionException e) {
        // it failed as its connection went away: that is the point
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      lane.close();
    }

    private ExecutorService executor() {
      if (ahead == null) {
        ahead =
            Executors.newSingleThreadExecutor(
                r -> {
                  Thread t = new Thread(r, "prometheus-window-ahead");
                  t.setDaemon(true);
                  return t;
                });
      }
      return ahead;
    }

    /** Closes the connections; an open transaction rolls back. */
    @Override
    public void close() {
      if (ahead != null) {
        ahead.shutdownNow();
        try {
          ahead.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      for (Lane lane : lanes) {
        lane.close();
      }
      try {
        series.close();
      } catch (SQLException ignored) {
        // being dropped
      }
    }
  }

  /** The cause of a failed stream, as what {@link Run#load} may throw. */
  private static RuntimeException rethrow(Throwable cause)
      throws SourceUnavailableException, DatabaseException {
    if (cause instanceof SourceUnavailableException e) {
      throw e;
    }
    if (cause instanceof DatabaseException e) {
      throw e;
    }
    if (cause instanceof RuntimeException e) {
      return e;
    }
    if (cause instanceof Error e) {
      throw e;
    }
    return new IllegalStateException(cause);
  }
}
